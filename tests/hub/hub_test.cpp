// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>

#include "hub_fixtures.hpp"

using namespace lal::hub;
using namespace lal::hub::test;

namespace {

struct hub_rig {
    explicit hub_rig(hub_options o = {}, std::size_t workers = 1) : executors(workers) {
        std::vector<executor*> ptrs;
        for (auto& e : executors) ptrs.push_back(&e);
        h = std::make_unique<registry>(o, encoder.forms, ptrs, [this] { return now; });
    }
    void run_all() {
        for (bool again = true; again;) {
            again = false;
            for (auto& e : executors) {
                if (e.posts) again = again || false;
                e.run();
            }
        }
    }
    // Publishes: header frames, then `gops` GOPs of one key + 4 inter video
    // frames with an audio frame after each, 40 ms apart, from `t0`.
    static std::uint32_t publish_gops(publication& p, int gops, std::uint32_t t0 = 0, bool headers = true) {
        if (headers) {
            feed(p, media_kind::metadata, t0, metadata());
            feed(p, media_kind::video, t0, avc_header());
            feed(p, media_kind::audio, t0, aac_header());
        }
        std::uint32_t t = t0;
        for (int g = 0; g < gops; ++g) {
            for (int i = 0; i < 5; ++i) {
                feed(p, media_kind::video, t, i == 0 ? avc_key() : avc_inter());
                feed(p, media_kind::audio, t, aac_raw());
                p.flush();
                t += 40;
            }
        }
        return t;
    }

    std::deque<manual_executor> executors;
    counting_forms encoder;
    std::uint64_t now = 0;
    std::unique_ptr<registry> h;
};

const stream_key key{"live", "test"};

// A rig with a one-GOP cache whose stream `key` is being published.
struct live_rig : hub_rig {
    live_rig() : hub_rig(one_gop()) {
        auto r = h->publish(key, publisher);
        REQUIRE(r.has_value());
        pub = std::move(*r);
    }
    static hub_options one_gop() {
        hub_options o;
        o.cache_gops = 1;
        return o;
    }
    recording_publisher publisher;
    std::shared_ptr<publication> pub;
};

int count_kind(const std::vector<sent_frame>& v, media_kind k) {
    int n = 0;
    for (auto& f : v) n += (f.kind == k && !f.is_config) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("a player joining a live stream gets metadata, sequence headers, then the cached GOP from its key frame",
          "[hub]") {
    hub_options o;
    o.cache_gops = 1;
    hub_rig rig(o);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    hub_rig::publish_gops(**p, 2);
    rig.run_all();

    recording_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    CHECK(player.starts == 1);
    REQUIRE(player.frames.size() >= 4);
    CHECK(player.frames[0].kind == media_kind::metadata);
    CHECK(player.frames[1].is_config);
    CHECK(player.frames[1].kind == media_kind::video);
    CHECK(player.frames[2].is_config);
    CHECK(player.frames[2].kind == media_kind::audio);
    CHECK(player.frames[3].keyframe);
    CHECK(player.frames[3].timestamp == 200);  // the second GOP starts at 5 * 40 ms
    CHECK(count_kind(player.frames, media_kind::video) == 5);
    CHECK(count_kind(player.frames, media_kind::audio) == 5);

    // Live frames follow without a gap or a duplicate.
    hub_rig::publish_gops(**p, 1, 400, false);
    rig.run_all();
    CHECK(count_kind(player.frames, media_kind::video) == 10);
    CHECK(player.frames.back().timestamp == 560);

    // Every frame carries its GOP's number in the stream, the same whenever
    // the player joined: the cached GOP was the stream's second, the live one its third.
    for (std::size_t i = 3; i < player.frames.size(); ++i) {
        CHECK(player.frames[i].gop == (player.frames[i].timestamp < 400 ? 2u : 3u));
    }
}

TEST_CASE("without a GOP cache a joining player waits for the next key frame", "[hub]") {
    hub_options o;
    o.cache_gops = 0;
    hub_rig rig(o);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    hub_rig::publish_gops(**p, 1);
    rig.run_all();

    recording_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 0, 0);
    REQUIRE(player.frames.size() == 3);  // metadata and both sequence headers
    feed(**p, media_kind::video, 200, avc_inter());
    feed(**p, media_kind::audio, 200, aac_raw());
    feed(**p, media_kind::video, 240, avc_key());
    (*p)->flush();
    rig.run_all();
    REQUIRE(player.frames.size() == 5);
    CHECK(player.frames[3].kind == media_kind::audio);  // audio needs no key frame
    CHECK(player.frames[4].keyframe);
}

TEST_CASE("every output form is encoded once per frame and shared by all players", "[hub]") {
    hub_rig rig;
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    std::vector<std::unique_ptr<recording_sink>> players;
    std::vector<std::unique_ptr<subscription>> subs;
    for (int i = 0; i < 10; ++i) {
        players.push_back(std::make_unique<recording_sink>(i % 2 ? flv_form : rtmp_form));
        subs.push_back(rig.h->subscribe(key, *players.back(), i % 2 ? flv_form : rtmp_form,
                                        1, 0));
    }
    hub_rig::publish_gops(**p, 1);
    rig.run_all();
    const std::size_t frames = 3 + 10;
    for (auto& pl : players) REQUIRE(pl->frames.size() == frames);
    CHECK(rig.encoder.count == static_cast<int>(frames * 2));  // two forms, once each
    for (std::size_t i = 0; i < frames; ++i) {
        CHECK(players[0]->frames[i].bytes.shares_storage_with(players[2]->frames[i].bytes));
        CHECK(players[1]->frames[i].bytes.shares_storage_with(players[3]->frames[i].bytes));
        CHECK_FALSE(players[0]->frames[i].bytes.shares_storage_with(players[1]->frames[i].bytes));
    }
}

TEST_CASE("a second publisher is refused unless replacing is on", "[hub]") {
    SECTION("refused") {
        hub_rig rig;
        recording_publisher a, b;
        auto pa = rig.h->publish(key, a);
        REQUIRE(pa.has_value());
        auto pb = rig.h->publish(key, b);
        REQUIRE_FALSE(pb.has_value());
        CHECK(pb.error() == errc::already_publishing);
        CHECK(a.kicked_reason.empty());
    }
    SECTION("replaced") {
        hub_options o;
        o.replace_publisher = true;
        hub_rig rig(o);
        recording_publisher a, b;
        auto pa = rig.h->publish(key, a);
        REQUIRE(pa.has_value());
        recording_sink player;
        auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
        auto pb = rig.h->publish(key, b);
        REQUIRE(pb.has_value());
        CHECK_FALSE(a.kicked_reason.empty());
        // The old publisher's frames no longer reach players.
        hub_rig::publish_gops(**pa, 1);
        rig.run_all();
        CHECK(player.frames.empty());
        hub_rig::publish_gops(**pb, 1);
        rig.run_all();
        CHECK(player.frames.size() == 13);
    }
}

TEST_CASE("players that arrive before the publisher start when it does", "[hub]") {
    hub_rig rig;
    recording_sink player;
    auto sub = rig.h->subscribe(key, player, flv_form, 1, 0);
    CHECK(player.starts == 0);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    rig.run_all();
    CHECK(player.starts == 1);
    hub_rig::publish_gops(**p, 2);
    rig.run_all();
    CHECK(count_kind(player.frames, media_kind::video) == 10);
    CHECK(player.frames[0].kind == media_kind::metadata);
}

TEST_CASE("a republished stream restarts players on a key frame with monotonic µs timestamps", "[hub][timeline]") {
    hub_rig rig;
    recording_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    recording_publisher pub1, pub2;
    {
        auto p = rig.h->publish(key, pub1);
        REQUIRE(p.has_value());
        hub_rig::publish_gops(**p, 1, 5000);  // the first publisher's clock starts at 5 s
        // It drops mid-GOP.
        feed(**p, media_kind::video, 5200, avc_key());
        feed(**p, media_kind::video, 5240, avc_inter());
        (*p)->flush();
    }
    rig.run_all();
    CHECK(player.stops == 1);
    auto before = player.frames.size();
    REQUIRE(rig.h->find(key));  // the waiting player keeps the stream

    auto p2 = rig.h->publish(key, pub2);
    REQUIRE(p2.has_value());
    // The second publisher starts from 0 with new codec parameters, and an inter
    // frame first: the player must not see it.
    feed(**p2, media_kind::video, 0, lal::payload::adopt(lal::test::hex("17 00 00 00 00 01 64 00 1f")));
    feed(**p2, media_kind::video, 0, avc_inter());
    feed(**p2, media_kind::video, 40, avc_key());
    // CompositionTime 80 ms (E.4.3.1): a B-frame stream.
    feed(**p2, media_kind::video, 80, lal::payload::adopt(lal::test::hex("27 01 00 00 50 00 00 00 02 41 9a")));
    (*p2)->flush();
    rig.run_all();
    // Started once; told of the second publisher (a segmenter's discontinuity).
    CHECK(player.starts == 1);
    CHECK(player.restarts == 1);
    REQUIRE(player.frames.size() == before + 3);
    CHECK(player.frames[before].is_config);
    CHECK(player.frames[before].bytes.size() > 0);
    CHECK(player.frames[before + 1].keyframe);
    // The timeline is in µs: the configuration goes out at the players' time,
    // the first coded frame (the dropped inter frame at 0) one ms after it,
    // and pts moves with dts.
    CHECK(player.frames[before].dts == 5'240'000);
    CHECK(player.frames[before + 1].dts == 5'281'000);
    CHECK(player.frames[before + 1].pts == player.frames[before + 1].dts);
    CHECK(player.frames[before + 2].dts == 5'321'000);
    CHECK(player.frames[before + 2].pts - player.frames[before + 2].dts == 80'000);
    CHECK(player.frames[before + 2].timestamp == 5321);
    for (std::size_t i = 1; i < player.frames.size(); ++i) {
        if (player.frames[i].kind == player.frames[i - 1].kind && !player.frames[i].is_config) {
            CHECK(player.frames[i].timestamp >= player.frames[i - 1].timestamp);
        }
    }
    CHECK(player.frames[before + 1].timestamp > 5240);
}

TEST_CASE("a stalled player is dropped to key frames, then closed, while others get every frame",
          "[hub]") {
    hub_options o;
    o.queue.max_bytes = 200;
    o.queue.max_ms = 100000;
    o.queue.slow_close_ms = 1000;
    hub_rig rig(o);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    recording_sink good, stalled;
    stalled.stalled = true;
    auto s1 = rig.h->subscribe(key, good, rtmp_form, 1, 0);
    auto s2 = rig.h->subscribe(key, stalled, rtmp_form, 1, 0);
    hub_rig::publish_gops(**p, 4);
    rig.run_all();
    CHECK(count_kind(good.frames, media_kind::video) == 20);
    CHECK(count_kind(good.frames, media_kind::audio) == 20);
    CHECK(stalled.queued <= 200 + 16);  // bounded: at most one frame over the limit
    CHECK(s2->state().stats().frames_dropped > 0);
    CHECK(stalled.closed_reason.empty());

    rig.now += 1500;  // behind for longer than slow_close_ms
    hub_rig::publish_gops(**p, 1, 1000, false);
    rig.run_all();
    CHECK_FALSE(stalled.closed_reason.empty());
    CHECK(count_kind(good.frames, media_kind::video) == 25);
}

TEST_CASE("a player that catches up resumes on a key frame", "[hub]") {
    hub_options o;
    o.queue.max_bytes = 30;  // a handful of the test encoder's ~7-byte frames
    hub_rig rig(o);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    recording_sink player;
    player.stalled = true;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    auto t = hub_rig::publish_gops(**p, 1);
    rig.run_all();
    REQUIRE(sub->state().stats().frames_dropped > 0);
    // The socket drains everything.
    player.written += player.queued;
    player.queued = 0;
    player.stalled = false;
    auto before = player.frames.size();
    feed(**p, media_kind::video, t, avc_inter());
    feed(**p, media_kind::audio, t, aac_raw());
    feed(**p, media_kind::video, t + 40, avc_key());
    (*p)->flush();
    rig.run_all();
    REQUIRE(player.frames.size() == before + 1);
    CHECK(player.frames.back().keyframe);
}

TEST_CASE("a player with more queued media time than max_ms drops to the next key frame; written frames no longer count",
          "[hub]") {
    hub_options o;
    o.queue.max_bytes = 1 << 20;  // never the byte limit
    o.queue.max_ms = 100;
    hub_rig rig(o);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    recording_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    // Keeping up: a GOP of 200 ms goes out whole, nothing dropped.
    auto t = hub_rig::publish_gops(**p, 1);
    rig.run_all();
    CHECK(sub->state().stats().frames_dropped == 0);
    // Stalled: 120 ms of media queued (frames at t .. t + 120) is over 100 ms.
    player.stalled = true;
    for (int i = 0; i < 4; ++i) {
        feed(**p, media_kind::video, t + 40 * static_cast<std::uint32_t>(i), avc_inter());
        (*p)->flush();
    }
    rig.run_all();
    CHECK(sub->state().stats().frames_dropped == 0);
    feed(**p, media_kind::video, t + 160, avc_inter());
    (*p)->flush();
    rig.run_all();
    CHECK(sub->state().stats().frames_dropped == 1);
    // The socket drains: the queued frames' marks are written, so the next
    // frames are measured from scratch, and sending resumes at a key frame.
    player.written += player.queued;
    player.queued = 0;
    player.stalled = false;
    feed(**p, media_kind::video, t + 200, avc_inter());
    feed(**p, media_kind::video, t + 240, avc_key());
    feed(**p, media_kind::video, t + 280, avc_inter());
    (*p)->flush();
    rig.run_all();
    CHECK(sub->state().stats().frames_dropped == 2);
    REQUIRE(player.frames.size() >= 2);
    CHECK(player.frames[player.frames.size() - 2].keyframe);
    CHECK(player.frames.back().timestamp == t + 280);
}

TEST_CASE("an audio-only stream needs no key frame", "[hub]") {
    hub_rig rig;
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    recording_sink player;
    auto sub = rig.h->subscribe(key, player, flv_form, 1, 0);
    feed(**p, media_kind::audio, 0, aac_header());
    for (std::uint32_t t = 0; t < 230; t += 23) feed(**p, media_kind::audio, t, aac_raw());
    (*p)->flush();
    rig.run_all();
    CHECK(player.frames.size() == 11);
}

TEST_CASE("a stream lives while it has a publisher or players", "[hub]") {
    hub_rig rig;
    recording_publisher pub;
    {
        auto p = rig.h->publish(key, pub);
        REQUIRE(p.has_value());
        CHECK(rig.h->keys().size() == 1);
    }
    CHECK(rig.h->keys().empty());
    recording_sink player;
    {
        auto sub = rig.h->subscribe(key, player, flv_form, 1, 0);
        CHECK(rig.h->find(key) != nullptr);
    }
    CHECK(rig.h->find(key) == nullptr);
}

TEST_CASE("with two workers a batch is posted once per worker and every player gets every frame in order",
          "[hub][threads]") {
    hub_rig rig({}, 2);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    std::vector<std::unique_ptr<recording_sink>> players;
    std::vector<std::unique_ptr<subscription>> subs;
    for (int i = 0; i < 6; ++i) {
        players.push_back(std::make_unique<recording_sink>());
        subs.push_back(rig.h->subscribe(key, *players.back(), rtmp_form, 1, i % 2));
    }
    rig.executors[0].posts = rig.executors[1].posts = 0;
    hub_rig::publish_gops(**p, 2);  // 10 flushes
    CHECK(rig.executors[0].posts == 10);
    CHECK(rig.executors[1].posts == 10);
    rig.run_all();
    for (auto& pl : players) {
        CHECK(count_kind(pl->frames, media_kind::video) == 10);
        for (std::size_t i = 1; i < pl->frames.size(); ++i) {
            CHECK(pl->frames[i].timestamp >= pl->frames[i - 1].timestamp);
        }
    }
}

TEST_CASE("a player joining while a batch for its worker is in flight gets no frame twice", "[hub][threads]") {
    hub_rig rig({}, 2);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    recording_sink early;
    auto s1 = rig.h->subscribe(key, early, rtmp_form, 1, 1);
    hub_rig::publish_gops(**p, 1);  // batches queued on worker 1, not yet run
    recording_sink late;
    auto s2 = rig.h->subscribe(key, late, rtmp_form, 1, 1);  // catch-up has them all
    rig.run_all();
    CHECK(late.frames.size() == early.frames.size());
    CHECK(count_kind(late.frames, media_kind::video) == 5);
}

TEST_CASE("a local publisher takes a pulled stream over even when replacing is off; a pull never takes over",
          "[hub][relay]") {
    // An observer that records what it was told about each publish.
    struct recording_observer : observer {
        void on_publish_start(const stream_key& k, const publisher_sink& p, std::string_view query) override {
            starts.push_back({k.str(), std::string(query), p.yields_to_local()});
        }
        void on_publish_stop(const stream_key& k) override { stops.push_back(k.str()); }
        struct start {
            std::string key, query;
            bool yields;
        };
        std::vector<start> starts;
        std::vector<std::string> stops;
    };
    struct pulled_publisher : recording_publisher {
        bool yields_to_local() const noexcept override { return true; }
    };
    hub_rig rig;  // replace_publisher off
    recording_observer seen;
    rig.h->add_observer(seen);
    recording_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    pulled_publisher pull, second_pull;
    recording_publisher local, other_local;

    auto pp = rig.h->publish(key, pull);
    REQUIRE(pp.has_value());
    hub_rig::publish_gops(**pp, 1, 0);
    rig.run_all();
    CHECK(player.frames.size() == 13);

    // Another pull is refused like any second publisher.
    auto p2 = rig.h->publish(key, second_pull);
    REQUIRE_FALSE(p2.has_value());
    CHECK(p2.error() == errc::already_publishing);
    CHECK(pull.kicked_reason.empty());

    // A local publisher wins: the pull is told to stop and its frames go nowhere.
    auto pl = rig.h->publish(key, local, "token=1");
    REQUIRE(pl.has_value());
    CHECK_FALSE(pull.kicked_reason.empty());
    hub_rig::publish_gops(**pp, 1, 1000, false);
    rig.run_all();
    CHECK(player.frames.size() == 13);
    hub_rig::publish_gops(**pl, 1, 5000);
    rig.run_all();
    REQUIRE(player.frames.size() == 26);
    // The player stayed and its timeline is monotonic across the takeover.
    for (std::size_t i = 1; i < player.frames.size(); ++i) {
        CHECK(player.frames[i].timestamp >= player.frames[i - 1].timestamp);
    }

    // The local publisher itself is not replaced by the next local one.
    auto po = rig.h->publish(key, other_local);
    CHECK_FALSE(po.has_value());
    CHECK(local.kicked_reason.empty());

    // The ended pull does not report a stop; the local publisher's end does.
    pp->reset();
    CHECK(seen.stops.empty());
    pl->reset();
    REQUIRE(seen.stops.size() == 1);
    REQUIRE(seen.starts.size() == 2);
    CHECK(seen.starts[0].key == "live/test");
    CHECK(seen.starts[0].yields);
    CHECK(seen.starts[0].query.empty());
    CHECK_FALSE(seen.starts[1].yields);
    CHECK(seen.starts[1].query == "token=1");
}

TEST_CASE("a republish that starts with stale header timestamps continues the timeline from its first coded frame",
          "[hub][relay]") {
    // What a relay joining mid-stream sends: metadata and sequence headers at 0,
    // then the cached GOP at the source's own time.
    hub_rig rig;
    recording_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    recording_publisher first, second;
    {
        auto p = rig.h->publish(key, first);
        REQUIRE(p.has_value());
        hub_rig::publish_gops(**p, 1, 0);  // video up to 160 ms
    }
    rig.run_all();
    const auto before = player.frames.size();
    REQUIRE(before == 13);
    const auto last = player.frames.back().timestamp;

    auto p2 = rig.h->publish(key, second);
    REQUIRE(p2.has_value());
    feed(**p2, media_kind::metadata, 0, metadata());
    feed(**p2, media_kind::video, 0, avc_header());
    feed(**p2, media_kind::audio, 0, aac_header());
    feed(**p2, media_kind::video, 7000, avc_key());
    feed(**p2, media_kind::audio, 7010, aac_raw());
    feed(**p2, media_kind::video, 7040, avc_inter());
    (*p2)->flush();
    rig.run_all();
    REQUIRE(player.frames.size() == before + 6);
    // Headers go out at the players' current time, the GOP right after it.
    for (std::size_t i = before; i < before + 3; ++i) CHECK(player.frames[i].timestamp == last);
    CHECK(player.frames[before + 3].timestamp == last + 1);
    CHECK(player.frames[before + 4].timestamp == last + 11);
    CHECK(player.frames[before + 5].timestamp == last + 41);
}

namespace {
// Remembers the fanout origin in force when each frame was handed over.
class origin_sink : public recording_sink {
public:
    void send(const frame& f) override {
        origins.push_back(fanout_origin::current());
        recording_sink::send(f);
    }
    std::vector<fanout_origin::time_point> origins;
};
}  // namespace

TEST_CASE("live frames reach players with the time the stream took them from the publisher, catch-up without",
          "[hub]") {
    hub_options o;
    o.cache_gops = 1;
    hub_rig rig(o);
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    hub_rig::publish_gops(**p, 1);
    rig.run_all();

    origin_sink player;
    auto sub = rig.h->subscribe(key, player, rtmp_form, 1, 0);
    REQUIRE(!player.origins.empty());
    for (auto t : player.origins) CHECK(t == fanout_origin::time_point{});  // the GOP cache, not a publisher read
    const auto cached = player.origins.size();

    const auto before = std::chrono::steady_clock::now();
    feed(**p, media_kind::video, 1000, avc_inter());
    (*p)->flush();
    const auto after = std::chrono::steady_clock::now();
    rig.run_all();
    REQUIRE(player.origins.size() == cached + 1);
    CHECK(player.origins.back() >= before);
    CHECK(player.origins.back() <= after);
    CHECK(fanout_origin::current() == fanout_origin::time_point{});  // reset after the delivery
}

TEST_CASE("a codec configuration change mid-stream reaches players before the frames that need it", "[hub]") {
    hub_rig rig;
    recording_publisher pub;
    auto p = rig.h->publish(key, pub);
    REQUIRE(p.has_value());
    recording_sink live;
    auto s1 = rig.h->subscribe(key, live, rtmp_form, 1, 0);
    const auto first = lal::payload::adopt(lal::test::hex("17 00 00 00 00 01 4d 40 1e"));
    const auto second = lal::payload::adopt(lal::test::hex("17 00 00 00 00 01 64 00 28"));  // new SPS: 1080p
    feed(**p, media_kind::video, 0, first);
    feed(**p, media_kind::video, 0, avc_key());
    feed(**p, media_kind::video, 40, avc_inter());
    feed(**p, media_kind::video, 80, second);
    feed(**p, media_kind::video, 80, avc_key());
    (*p)->flush();
    rig.run_all();

    REQUIRE(live.frames.size() == 5);
    CHECK(live.frames[3].is_config);
    CHECK(live.frames[4].keyframe);  // after the configuration it needs

    // Frames carry the configuration in effect: one shared object per change.
    REQUIRE(live.frames[0].config);
    CHECK(live.frames[0].config->record == first.slice(5));
    CHECK(live.frames[1].config == live.frames[0].config);
    CHECK(live.frames[2].config == live.frames[0].config);
    REQUIRE(live.frames[3].config);
    CHECK(live.frames[3].config->record == second.slice(5));
    CHECK(live.frames[4].config == live.frames[3].config);
    CHECK(rig.h->find(key)->config(media_kind::video) == live.frames[3].config);

    // A player joining now gets the new configuration only, then the GOP it starts.
    recording_sink late(flv_form);
    auto s2 = rig.h->subscribe(key, late, flv_form, 1, 0);
    REQUIRE(late.frames.size() == 2);
    CHECK(late.frames[0].is_config);
    CHECK(late.frames[0].timestamp == 80);
    CHECK(late.frames[0].config == live.frames[3].config);  // the same shared object, not a copy
    CHECK(late.frames[1].keyframe);
    CHECK(late.frames[1].config == live.frames[3].config);
}

TEST_CASE("a joiner after audio and video configuration changes gets each track's current one, video first",
          "[hub][config]") {
    live_rig rig;
    auto& p = rig.pub;
    const auto asc_48k = lal::payload::adopt(lal::test::hex("af 00 11 90"));  // AAC LC 48 kHz stereo
    hub_rig::publish_gops(*p, 1);
    feed(*p, media_kind::audio, 200, asc_48k);
    feed(*p, media_kind::audio, 200, aac_raw());
    p->flush();
    rig.run_all();
    const auto audio = rig.h->find(key)->config(media_kind::audio);
    REQUIRE(audio);
    CHECK(audio->codec == lal::media::codec_id::aac);
    CHECK(audio->record == asc_48k.slice(2));

    recording_sink late;
    auto sub = rig.h->subscribe(key, late, rtmp_form, 1, 0);
    REQUIRE(late.frames.size() >= 4);
    CHECK(late.frames[0].kind == media_kind::metadata);
    CHECK((late.frames[1].is_config && late.frames[1].kind == media_kind::video));
    CHECK((late.frames[2].is_config && late.frames[2].kind == media_kind::audio));
    CHECK(late.frames[2].config == audio);  // the new one, not the first
    CHECK(late.frames[3].keyframe);
    // Only one audio configuration before the GOP: the replaced one is gone.
    int audio_configs = 0;
    for (const auto& f : late.frames) audio_configs += f.is_config && f.kind == media_kind::audio;
    CHECK(audio_configs == 1);
    CHECK(late.frames.back().config == audio);  // the last audio frame decodes with the new one
}

TEST_CASE("the latest metadata is kept for late joiners; data messages only go live", "[hub][metadata]") {
    live_rig rig;
    auto& p = rig.pub;
    recording_sink live;
    auto s1 = rig.h->subscribe(key, live, rtmp_form, 1, 0);
    hub_rig::publish_gops(*p, 1);
    const auto newer = lal::payload::adopt(lal::test::hex("02 00 0a 6f 6e 4d 65 74 61 44 61 74 61 05 00"));
    const auto text = lal::payload::adopt(lal::test::hex("02 00 0a 6f 6e 54 65 78 74 44 61 74 61"));
    feed(*p, media_kind::metadata, 200, newer);
    feed(*p, media_kind::data, 200, text);
    p->flush();
    rig.run_all();
    REQUIRE(live.frames.size() >= 2);
    CHECK(live.frames[live.frames.size() - 2].kind == media_kind::metadata);
    CHECK(live.frames.back().kind == media_kind::data);

    recording_sink late;
    auto s2 = rig.h->subscribe(key, late, rtmp_form, 1, 0);
    REQUIRE_FALSE(late.frames.empty());
    CHECK(late.frames[0].kind == media_kind::metadata);
    CHECK(late.frames[0].data == newer);  // the AMF bytes, as published
    int metadata_items = 0, data_items = 0;
    for (const auto& f : late.frames) {
        metadata_items += f.kind == media_kind::metadata;
        data_items += f.kind == media_kind::data;
    }
    CHECK(metadata_items == 1);
    CHECK(data_items == 0);
}
