// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <lal/hub/session_directory.hpp>
#include <lal/moqt/session.hpp>

#include "config.hpp"
#include "flv_items.hpp"
#include "hex.hpp"
#include "moq_publisher.hpp"
#include "run_until.hpp"
#include "server_context.hpp"
#include "simple_auth.hpp"

namespace d20 = lal::moqt::draft20;
namespace ev = lal::moqt::moqt_event;
using bytes = std::vector<std::byte>;
using lal::server::server_context;

namespace {

std::uint64_t steady_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

/// The parts of a server a moq_publisher needs, on one worker run by the test.
struct server_rig {
    lal::server::config cfg{};
    lal::server::workers loops{1};
    lal::server::server_forms forms{4096};
    lal::hub::registry streams{lal::hub::hub_options{}, forms.forms, loops.hub_executors(), steady_ms};
    lal::server::write_mergers writes{loops.contexts(), std::chrono::milliseconds(0)};
    lal::hub::session_directory sessions{loops.hub_executors(), steady_ms};
    server_context ctx{cfg, streams, forms, loops, writes, sessions};
    void run_ready() {
        auto& io = loops.context(0);
        io.restart();
        io.poll();
    }
};

struct test_publisher : lal::hub::publisher_sink {
    void kicked(std::string_view) override {}
};

/// A browser's side: writes SETUP and SUBSCRIBEs, reads what the session sends back.
struct browser {
    lal::moqt::session session;
    std::shared_ptr<lal::server::moq_publisher> publisher;
    std::size_t wakes = 0;
    std::map<std::uint64_t, bytes> request_streams;  // our answers, by request stream
    std::map<std::uint64_t, bytes> data;             // local data streams
    std::map<std::uint64_t, bool> fin;
    std::map<std::uint64_t, std::uint64_t> reset;

    d20::track_namespace ns{"live", "test.msf"};     // what subscribe() names
    bool filtered = true;                            // subscribe() sends @moq/watch's filter

    explicit browser(server_context& ctx, std::string query = {}, bool moq_net = false, d20::track_namespace root = {}) {
        session.start();
        publisher = std::make_shared<lal::server::moq_publisher>(ctx, 0, session, "127.0.0.1:5000", std::move(query),
                                                                 [this] { ++wakes; }, std::move(root));
        // SETUP on the browser's control stream: type 0x2F00, Length, MOQT_IMPLEMENTATION
        // "x", or "moq-lite-js" as @moq/net 0.3.4 names itself.
        REQUIRE(!session.feed_uni(2, lal::test::hex(moq_net ? "af 00 00 0d 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73"
                                                            : "af 00 00 03 07 01 78"),
                                  false));
        pump();
    }
    void subscribe_namespace(std::uint64_t id, d20::track_namespace prefix) {
        bytes wire;
        REQUIRE(!d20::append_message(d20::message{d20::subscribe_namespace{id, std::move(prefix), {}}}, wire));
        REQUIRE(!session.feed_request(id, wire, false));
        pump();
    }
    void subscribe(std::uint64_t id, std::string track) {
        d20::subscribe s;
        s.request_id = id;
        s.track_ns = ns;
        s.track_name = std::move(track);
        // @moq/watch's draft-20 filter: the current group (StartGroup 1 back from the Next Group).
        if (filtered)
            s.params.push_back({d20::param::location_filter, 0, {}, d20::encode_location_filter({1, {}, {}, {}})});
        bytes wire;
        REQUIRE(!d20::append_message(d20::message{s}, wire));
        REQUIRE(!session.feed_request(id, wire, false));  // request stream id = request id here
        pump();
    }
    void pump() {
        while (auto e = session.next_event()) publisher->on_event(*e);
        for (auto& o : session.take_output()) {
            if (o.reset) {
                reset[o.stream] = *o.reset;
                continue;
            }
            auto& to = o.local ? data[o.stream] : request_streams[o.stream];
            to.insert(to.end(), o.bytes.begin(), o.bytes.end());
            if (o.fin) fin[o.stream] = true;
        }
    }
    std::vector<d20::message> answers(std::uint64_t id) {
        d20::message_reader r;
        REQUIRE(!r.feed(request_streams[id]));
        std::vector<d20::message> out;
        while (auto m = r.next()) out.push_back(std::move(*m));
        return out;
    }
    /// Every object of one track alias: (group, object) -> payload.
    std::map<std::pair<std::uint64_t, std::uint64_t>, bytes> objects(std::uint64_t alias) {
        std::map<std::pair<std::uint64_t, std::uint64_t>, bytes> out;
        for (auto& [stream, b] : data) {
            if (stream == 0) continue;  // our control stream
            d20::subgroup_reader r;
            REQUIRE(!r.feed(b));
            if (r.header()->track_alias != alias) continue;
            while (auto o = r.next()) out[{r.header()->group_id, o->object_id}] = o->payload;
        }
        return out;
    }
};

std::uint64_t alias_of(const std::vector<d20::message>& answers) {
    REQUIRE(!answers.empty());
    return std::get<d20::subscribe_ok>(answers[0]).track_alias;
}

std::optional<d20::location> largest_of(const std::vector<d20::message>& answers) {
    const auto* p = d20::find_param(std::get<d20::subscribe_ok>(answers[0]).params, d20::param::largest_object);
    if (!p) return std::nullopt;
    return p->where;
}

// The legacy object payload: a QUIC varint (µs), then the frame.
std::pair<std::uint64_t, bytes> split_object(const bytes& b) {
    REQUIRE(!b.empty());
    const std::size_t n = std::size_t{1} << (std::to_integer<unsigned>(b[0]) >> 6);
    REQUIRE(b.size() >= n);
    std::uint64_t v = std::to_integer<unsigned>(b[0]) & 0x3Fu;
    for (std::size_t i = 1; i < n; ++i) v = (v << 8) | std::to_integer<unsigned>(b[i]);
    return {v, bytes(b.begin() + static_cast<std::ptrdiff_t>(n), b.end())};
}

}  // namespace

TEST_CASE("a MoQT session is served the catalog and the cached GOP, then live groups", "[server][moq]") {
    server_rig rig;
    test_publisher pub_sink;
    auto items = lal::test::flv_items("media/h264_aac_10s.flv");
    auto pub = rig.streams.publish({"live", "test"}, pub_sink);
    REQUIRE(pub.has_value());
    // Publish up to (not including) the second video key frame, plus a few frames of it.
    std::size_t keys = 0, next = 0;
    std::vector<lal::media::media_item> first_gop_video;
    for (; next < items.size(); ++next) {
        const auto& it = items[next];
        const bool key = it.what == lal::media::media_item::type::frame && it.frame.kind == lal::media::media_kind::video &&
                         it.frame.keyframe;
        if (key && ++keys == 2) break;
        if (keys == 1 && it.what == lal::media::media_item::type::frame && it.frame.kind == lal::media::media_kind::video)
            first_gop_video.push_back(it);
        (*pub)->push(it);
    }
    REQUIRE(keys == 2);
    REQUIRE(first_gop_video.size() > 3);
    (*pub)->flush();
    rig.run_ready();

    browser b(rig.ctx);
    // Discovery first: every broadcast under the empty prefix.
    b.subscribe_namespace(8, {});
    auto listed = b.answers(8);
    REQUIRE(listed.size() == 2);
    CHECK(std::holds_alternative<d20::request_ok>(listed[0]));
    CHECK(std::get<d20::namespace_msg>(listed[1]).suffix == d20::track_namespace{"live", "test.msf"});
    CHECK(!b.fin[8]);
    // @moq/watch's own: the broadcast's namespace as the prefix, announced
    // with an empty suffix (draft-20 10.17) on the wire: 08 00 01 00.
    b.subscribe_namespace(10, {"live", "test.msf"});
    CHECK(b.request_streams[10] == lal::test::hex("07 00 01 00  08 00 01 00"));  // REQUEST_OK, NAMESPACE ()
    b.subscribe_namespace(12, {"live", "other.msf"});
    CHECK(b.request_streams[12] == lal::test::hex("07 00 01 00"));  // REQUEST_OK, nothing announced
    b.subscribe_namespace(14, {"live", "test.msf", "deeper"});
    CHECK(b.request_streams[14] == lal::test::hex("07 00 01 00"));
    // A stream that starts later is announced to the prefixes that cover it
    // (the server's QUIC service passes the hub's publish start and stop on),
    // once, and NAMESPACE_DONE follows when it stops.
    b.session.on_request_reset(12);  // this one stopped listening: the publisher forgets it
    b.pump();
    const auto listing_bytes = b.request_streams[8].size();
    auto tell_twice = [&](bool live) {
        b.publisher->on_stream_live({"live", "other"}, live);
        b.publisher->on_stream_live({"live", "other"}, live);
        b.pump();
        return b.answers(8);
    };
    listed = tell_twice(true);
    REQUIRE(listed.size() == 3);
    CHECK(std::get<d20::namespace_msg>(listed[2]).suffix == d20::track_namespace{"live", "other.msf"});
    CHECK(b.request_streams[8].size() - listing_bytes == 19u);  // 08 00 10 02 04 live 09 other.msf
    CHECK(b.request_streams[10] == lal::test::hex("07 00 01 00  08 00 01 00"));
    CHECK(b.request_streams[12] == lal::test::hex("07 00 01 00"));
    listed = tell_twice(false);
    REQUIRE(listed.size() == 4);
    CHECK(std::get<d20::namespace_done>(listed[3]).suffix == d20::track_namespace{"live", "other.msf"});
    CHECK(!b.fin[8]);

    b.subscribe(0, "catalog");
    rig.run_ready();
    b.pump();
    auto cat = b.answers(0);
    REQUIRE(cat.size() == 1);
    auto catalog = b.objects(alias_of(cat));
    REQUIRE(catalog.size() == 1);
    const std::string json(lal::as_string_view(catalog.begin()->second));
    CHECK(json.starts_with(R"({"version":"draft-01","tracks":[{"name":"video","packaging":"legacy")"));
    CHECK(json.find(R"("codec":"avc1.)") != std::string::npos);
    CHECK(json.find(R"("name":"audio")") != std::string::npos);
    CHECK(json.find(R"("codec":"mp4a.40.2")") != std::string::npos);
    CHECK(json.find(R"("initDataList":[{"id":"init-video","type":"inline","data":"A)") != std::string::npos);

    b.subscribe(2, "video");
    b.subscribe(4, "audio");
    b.subscribe(6, "subtitles");
    auto unknown = b.answers(6);
    REQUIRE(unknown.size() == 1);
    CHECK(std::get<d20::request_error>(unknown[0]).error_code == d20::request_error_code::does_not_exist);
    CHECK(b.fin[6]);

    auto video_ok = b.answers(2);
    auto audio_ok = b.answers(4);
    // draft-20 10.2.17: the largest Location published on the track.
    const auto video_largest = largest_of(video_ok);
    REQUIRE(video_largest);
    CHECK(video_largest->object == first_gop_video.size() - 1);
    REQUIRE(largest_of(audio_ok));
    CHECK(largest_of(audio_ok)->group == video_largest->group);
    // The cached GOP arrives at once: objects 0.. of the current group, each
    // the frame's presentation time and its length-prefixed NAL units.
    auto video = b.objects(alias_of(video_ok));
    REQUIRE(video.size() == first_gop_video.size());
    std::uint64_t object = 0;
    for (const auto& [where, payload] : video) {
        CHECK(where.first == video_largest->group);
        CHECK(where.second == object);
        auto [time, frame] = split_object(payload);
        CHECK(time == static_cast<std::uint64_t>(first_gop_video[object].frame.pts));
        const auto want = first_gop_video[object].frame.data.bytes();
        CHECK(frame == bytes(want.begin(), want.end()));
        ++object;
    }
    auto audio = b.objects(alias_of(audio_ok));
    REQUIRE(!audio.empty());
    CHECK(audio.begin()->first == std::make_pair(video_largest->group, std::uint64_t{0}));

    // Live: the second key frame opens the next group on a new stream and ends the old one.
    const auto streams_before = b.data.size();
    for (std::size_t i = next; i < next + 5; ++i) (*pub)->push(items[i]);
    (*pub)->flush();
    const auto wakes = b.wakes;
    rig.run_ready();
    CHECK(b.wakes > wakes);
    b.pump();
    CHECK(b.data.size() > streams_before);
    video = b.objects(alias_of(video_ok));
    REQUIRE(video.size() > first_gop_video.size());
    const auto newest = video.rbegin()->first;
    // Consecutive GOPs are consecutive groups: a player that sees N+1 after N
    // knows no group is missing (@moq/watch skips ahead otherwise).
    CHECK(newest.first == video_largest->group + 1);
    CHECK(video.count({newest.first, 0}) == 1);

    // A second browser joins now, @moq/net by its SETUP: it starts at the new
    // group, object 0, and its SUBSCRIBE_OK has no LARGEST_OBJECT, which that
    // player would misread (moq_publisher::answer).
    browser late(rig.ctx, {}, true);
    late.subscribe(0, "catalog");
    late.subscribe(2, "video");
    rig.run_ready();
    late.pump();
    CHECK(!largest_of(late.answers(2)));
    CHECK(!largest_of(late.answers(0)));
    auto late_video = late.objects(alias_of(late.answers(2)));
    REQUIRE(!late_video.empty());
    CHECK(late_video.begin()->first == std::make_pair(newest.first, std::uint64_t{0}));
    CHECK(late_video.size() == newest.second + 1);
    // Without a filter every object passes (draft-20 5.1.2): LARGEST_OBJECT
    // is sent and the current group still arrives whole.
    browser unfiltered(rig.ctx);
    unfiltered.filtered = false;
    unfiltered.subscribe(2, "video");
    rig.run_ready();
    unfiltered.pump();
    CHECK(largest_of(unfiltered.answers(2)) == std::optional<d20::location>(d20::location{newest.first, newest.second}));
    auto unfiltered_video = unfiltered.objects(alias_of(unfiltered.answers(2)));
    REQUIRE(!unfiltered_video.empty());
    CHECK(unfiltered_video.begin()->first == std::make_pair(newest.first, std::uint64_t{0}));
    CHECK(unfiltered_video.size() == newest.second + 1);
    unfiltered.publisher->close("test over");

    // The publisher leaves: every subscription ends with PUBLISH_DONE.
    pub->reset();
    rig.run_ready();
    b.pump();
    auto done = b.answers(2);
    REQUIRE(done.size() == 2);
    CHECK(std::get<d20::publish_done>(done[1]).status_code == d20::publish_done_code::track_ended);
    CHECK(b.fin[2]);
    CHECK(rig.sessions.size() == 2);
    b.publisher->close("test over");
    late.publisher->close("test over");
    CHECK(rig.sessions.size() == 0);
}

TEST_CASE("a MoQT SUBSCRIBE outside (app, stream) is refused and nothing joins the hub", "[server][moq]") {
    server_rig rig;
    browser b(rig.ctx);
    d20::subscribe s;
    s.request_id = 0;
    s.track_ns = {"live"};
    s.track_name = "catalog";
    bytes wire;
    REQUIRE(!d20::append_message(d20::message{s}, wire));
    REQUIRE(!b.session.feed_request(0, wire, true));
    b.pump();
    auto a = b.answers(0);
    REQUIRE(a.size() == 1);
    CHECK(std::get<d20::request_error>(a[0]).reason == "the namespace is (app, stream.msf)");
    CHECK(rig.streams.keys().empty());
    CHECK(rig.sessions.size() == 0);
}

TEST_CASE("simple_auth admits MoQT plays by the session URL's lal_secret", "[server][moq]") {
    server_rig rig;
    rig.cfg.simple_auth.sub_moq_enable = true;
    rig.cfg.simple_auth.dangerous_lal_secret = "open";
    lal::server::simple_auth auth(rig.cfg.simple_auth);
    rig.streams.add_admission_check(auth);

    browser refused(rig.ctx, "lal_secret=wrong");
    refused.subscribe(0, "catalog");
    rig.run_ready();
    refused.pump();
    auto a = refused.answers(0);
    REQUIRE(a.size() == 1);
    CHECK(std::get<d20::request_error>(a[0]).error_code == d20::request_error_code::unauthorized);
    CHECK(std::get<d20::request_error>(a[0]).reason == "lal_secret does not match (simple_auth)");
    CHECK(refused.wakes > 0);
    CHECK(rig.sessions.size() == 0);

    browser admitted(rig.ctx, "lal_secret=open");
    admitted.subscribe(0, "catalog");
    rig.run_ready();
    admitted.pump();
    a = admitted.answers(0);
    REQUIRE(a.size() == 1);
    CHECK(std::holds_alternative<d20::subscribe_ok>(a[0]));  // the catalog comes once the stream is live
    CHECK(rig.sessions.size() == 1);
    admitted.publisher->close("test over");
    refused.publisher->close("test over");
}

TEST_CASE("a MoQT session at /<app> names broadcasts under that app", "[server][moq]") {
    server_rig rig;
    test_publisher pub_sink;
    auto pub = rig.streams.publish({"live", "test"}, pub_sink);
    REQUIRE(pub.has_value());
    rig.run_ready();
    // https://host/live: the player names the broadcast test.msf.
    browser b(rig.ctx, {}, false, {"live"});
    b.ns = {"test.msf"};
    b.subscribe_namespace(2, {});
    // REQUEST_OK, then NAMESPACE with the suffix ("test.msf") after the root.
    CHECK(b.request_streams[2] == lal::test::hex("07 00 01 00  08 00 0a 01 08 74 65 73 74 2e 6d 73 66"));
    b.subscribe(0, "catalog");
    rig.run_ready();
    b.pump();
    auto a = b.answers(0);
    REQUIRE(a.size() == 1);
    CHECK(std::holds_alternative<d20::subscribe_ok>(a[0]));
    REQUIRE(rig.sessions.size() == 1);
    CHECK(b.publisher->describe().key == lal::hub::stream_key{"live", "test"});
    b.publisher->close("test over");
}
