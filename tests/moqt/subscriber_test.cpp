// SPDX-License-Identifier: MIT
// The subscriber against the publisher session in one process: each side's
// stream writes are fed to the other, whole or a byte at a time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include <lal/moqt/draft20.hpp>
#include <lal/moqt/error.hpp>
#include <lal/moqt/session.hpp>
#include <lal/moqt/subscriber.hpp>
#include <lal/moqt/varint.hpp>

namespace moqt = lal::moqt;
namespace d20 = lal::moqt::draft20;
using bytes = std::vector<std::byte>;

namespace {

bytes text(std::string_view s) {
    auto b = lal::as_byte_span(s);
    return {b.begin(), b.end()};
}

// Stream ids as a WebTransport client sees them: ours are 2 (control uni) and
// 0, 4, 8 (request bidi); the publisher's local stream n is server uni 3 + 4n.
struct moq_pair {
    moqt::session publisher;
    moqt::subscriber sub;
    bool bytewise = false;
    std::vector<moqt::subscriber_event_t> events;
    std::vector<moqt::event> publisher_events;

    explicit moq_pair(bool one_byte = false) : bytewise(one_byte) {
        publisher.start();
        sub.start(2);
    }

    template <class Feed>
    void deliver(lal::byte_span b, bool fin, Feed&& feed) {
        if (!bytewise || b.size() < 2) {
            REQUIRE_FALSE(feed(b, fin));
            return;
        }
        for (std::size_t i = 0; i < b.size(); ++i) REQUIRE_FALSE(feed(b.subspan(i, 1), fin && i + 1 == b.size()));
    }

    void pump() {
        for (int round = 0; round < 10; ++round) {
            auto up = sub.take_output();
            auto down = publisher.take_output();
            if (up.empty() && down.empty()) break;
            for (auto& w : up) {
                REQUIRE_FALSE(w.reset);
                if (w.stream_id == 2) {
                    deliver(w.bytes, w.fin, [&](auto b, bool fin) { return publisher.feed_uni(2, b, fin); });
                } else {
                    deliver(w.bytes, w.fin, [&](auto b, bool fin) { return publisher.feed_request(w.stream_id, b, fin); });
                }
            }
            for (auto& o : down) {
                if (o.reset) {
                    if (o.local) sub.on_stream_reset(3 + 4 * o.stream);
                    continue;
                }
                if (o.local) {
                    const auto id = 3 + 4 * o.stream;
                    deliver(o.bytes, o.fin, [&](auto b, bool fin) { return sub.feed_uni(id, b, fin); });
                } else {
                    deliver(o.bytes, o.fin, [&](auto b, bool fin) { return sub.feed_request(o.stream, b, fin); });
                }
            }
            while (auto e = sub.next_event()) events.push_back(std::move(*e));
            while (auto e = publisher.next_event()) publisher_events.push_back(std::move(*e));
        }
    }

    template <class E>
    std::vector<E> of() const {
        std::vector<E> out;
        for (const auto& e : events)
            if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
        return out;
    }
};

}  // namespace

TEST_CASE("subscriber sets up, subscribes and receives a track's objects from the publisher session", "[moqt][subscriber]") {
    const bool bytewise = GENERATE(false, true);
    moq_pair p(bytewise);
    p.pump();
    REQUIRE(p.publisher.setup_received());
    REQUIRE(p.sub.setup_received());
    REQUIRE(p.of<moqt::subscriber_event::setup>().size() == 1);

    const d20::track_namespace ns{"live", "test.msf"};
    auto video = p.sub.subscribe(0, ns, "video");
    auto catalog = p.sub.subscribe(4, ns, "catalog");
    REQUIRE(video);
    REQUIRE(catalog);
    CHECK(*video == 0);
    CHECK(*catalog == 2);
    p.pump();
    std::vector<moqt::moqt_event::subscribe> asks;
    for (auto& e : p.publisher_events)
        if (auto* s = std::get_if<moqt::moqt_event::subscribe>(&e)) asks.push_back(*s);
    REQUIRE(asks.size() == 2);
    CHECK(asks[0].track_ns == ns);
    CHECK(asks[0].track_name == "video");
    REQUIRE_FALSE(p.publisher.accept_subscribe(0, std::nullopt));
    REQUIRE_FALSE(p.publisher.accept_subscribe(2, std::nullopt));
    // Two groups of video (a new group opens a new stream) and one catalog object.
    REQUIRE_FALSE(p.publisher.send_object(0, 5, 0, text("key")));
    REQUIRE_FALSE(p.publisher.send_object(0, 5, 1, text("delta")));
    REQUIRE_FALSE(p.publisher.send_object(2, 0, 0, text("{}")));
    REQUIRE_FALSE(p.publisher.send_object(0, 6, 0, text("key2")));
    REQUIRE_FALSE(p.publisher.finish_subscription(0, d20::publish_done_code::track_ended, "over"));
    p.pump();
    auto ok = p.of<moqt::subscriber_event::subscribed>();
    REQUIRE(ok.size() == 2);
    std::vector<std::string> got;
    for (auto& o : p.of<moqt::subscriber_event::object>())
        got.push_back(std::to_string(o.request_id) + ":" + std::to_string(o.group) + "/" + std::to_string(o.object_id) +
                      "=" + std::string(lal::as_string_view(o.payload)));
    CHECK(got == std::vector<std::string>{"0:5/0=key", "0:5/1=delta", "2:0/0={}", "0:6/0=key2"});
    auto done = p.of<moqt::subscriber_event::done>();
    REQUIRE(done.size() == 1);
    CHECK(done[0].request_id == 0);
    CHECK(done[0].status_code == d20::publish_done_code::track_ended);
    CHECK(done[0].reason == "over");
    CHECK(p.sub.objects_dropped() == 0);
}

TEST_CASE("subscriber reports REQUEST_ERROR and holds objects that outrun SUBSCRIBE_OK", "[moqt][subscriber]") {
    moq_pair p;
    p.pump();
    const d20::track_namespace ns{"live", "test"};
    REQUIRE(p.sub.subscribe(0, ns, "nothing"));
    REQUIRE(p.sub.subscribe(4, ns, "video"));
    p.pump();
    REQUIRE_FALSE(p.publisher.reject(0, d20::request_error_code::does_not_exist, "no such track"));
    REQUIRE_FALSE(p.publisher.accept_subscribe(2, std::nullopt));
    REQUIRE_FALSE(p.publisher.send_object(2, 1, 0, text("first")));
    auto down = p.publisher.take_output();
    // The data stream first, then the answers on the request streams.
    std::stable_partition(down.begin(), down.end(), [](const moqt::outgoing& o) { return o.local && o.stream > 0; });
    for (auto& o : down) {
        auto ec = o.local ? p.sub.feed_uni(3 + 4 * o.stream, o.bytes, o.fin) : p.sub.feed_request(o.stream, o.bytes, o.fin);
        REQUIRE_FALSE(ec);
    }
    while (auto e = p.sub.next_event()) p.events.push_back(std::move(*e));
    auto refused = p.of<moqt::subscriber_event::refused>();
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].request_id == 0);
    CHECK(refused[0].error_code == d20::request_error_code::does_not_exist);
    CHECK(refused[0].reason == "no such track");
    auto objects = p.of<moqt::subscriber_event::object>();
    REQUIRE(objects.size() == 1);
    CHECK(objects[0].request_id == 2);
    CHECK(lal::as_string_view(objects[0].payload) == "first");
    // Our side of the refused request ends with a FIN.
    auto up = p.sub.take_output();
    CHECK(std::any_of(up.begin(), up.end(), [](const moqt::subscriber_write& w) { return w.stream_id == 0 && w.fin; }));
}

TEST_CASE("subscriber ends the session on hostile server streams", "[moqt][subscriber]") {
    moqt::subscriber s;
    s.start(2);
    bytes setup;
    REQUIRE_FALSE(d20::append_message(d20::setup{}, setup));
    SECTION("a second SETUP on the control stream") {
        bytes twice = setup;
        twice.insert(twice.end(), setup.begin(), setup.end());
        CHECK(s.feed_uni(3, twice, false) == moqt::errc::unknown_message);
        CHECK(s.feed_uni(7, setup, false));  // dead after the error
    }
    SECTION("two control streams") {
        REQUIRE_FALSE(s.feed_uni(3, setup, false));
        CHECK(s.feed_uni(7, setup, false) == moqt::errc::unknown_message);
    }
    SECTION("a control stream that ends") {
        CHECK(s.feed_uni(3, setup, true) == moqt::errc::bad_message);
    }
    SECTION("an unknown stream type") {
        bytes t;
        moqt::append_varint(0x40, t);
        CHECK(s.feed_uni(3, t, false) == moqt::errc::unknown_stream_type);
    }
    SECTION("an answer that is no answer") {
        REQUIRE(s.subscribe(0, {"live", "x"}, "video"));
        REQUIRE(s.subscribe(4, {"live", "x"}, "audio"));
        bytes m;
        REQUIRE_FALSE(d20::append_message(d20::request_ok{}, m));
        CHECK(s.feed_request(0, m, false) == moqt::errc::unknown_message);
    }
    SECTION("a request stream ended without an answer") {
        REQUIRE(s.subscribe(0, {"live", "x"}, "video"));
        CHECK(s.feed_request(0, {}, true) == moqt::errc::bad_message);
    }
    SECTION("an object larger than the limit") {
        moqt::subscriber small(moqt::subscriber_options{{16384, 256, 64, 8}, "t"});
        bytes data;
        d20::subgroup_header h;
        h.track_alias = 0;
        h.subgroup_id_mode = 0;
        d20::append_subgroup_header(h, data);
        d20::subgroup_object o;
        o.payload = bytes(9);
        d20::append_subgroup_object(h, std::nullopt, o, data);
        CHECK(small.feed_uni(3, data, false));
    }
}

TEST_CASE("subscriber drops a reset group's partial object and ends a subscription whose stream is reset",
          "[moqt][subscriber]") {
    moq_pair p;
    p.pump();
    REQUIRE(p.sub.subscribe(0, {"live", "t"}, "video"));
    p.pump();
    REQUIRE_FALSE(p.publisher.accept_subscribe(0, std::nullopt));
    REQUIRE_FALSE(p.publisher.send_object(0, 1, 0, text("whole")));
    REQUIRE_FALSE(p.publisher.send_object(0, 1, 1, text("cut short")));
    p.pump();
    REQUIRE(p.of<moqt::subscriber_event::object>().size() == 2);
    // Group 2's stream: its first object arrives without its last byte, then the stream is reset.
    REQUIRE_FALSE(p.publisher.send_object(0, 2, 0, text("partial")));
    auto down = p.publisher.take_output();
    REQUIRE(down.size() == 2);  // group 1's FIN, group 2's header and object
    REQUIRE_FALSE(p.sub.feed_uni(3 + 4 * down[0].stream, down[0].bytes, down[0].fin));
    const auto& g2 = down[1];
    REQUIRE_FALSE(p.sub.feed_uni(3 + 4 * g2.stream, lal::byte_span(g2.bytes).first(g2.bytes.size() - 1), false));
    p.sub.on_stream_reset(3 + 4 * g2.stream);
    p.sub.on_stream_reset(0);
    std::vector<moqt::subscriber_event_t> events;
    while (auto e = p.sub.next_event()) events.push_back(std::move(*e));
    REQUIRE(events.size() == 1);
    const auto& done = std::get<moqt::subscriber_event::done>(events[0]);
    CHECK(done.request_id == 0);
    CHECK(done.reason == "the publisher reset the request stream");
    // The request is forgotten: what the server still sends on its stream is moot.
    CHECK_FALSE(p.sub.feed_request(0, text("x"), false));
}

TEST_CASE("subscriber holds empty objects of an unanswered alias within max_payload", "[moqt][subscriber]") {
    // Found by fuzzing (fuzz/regressions/moqt_control/held_empty_objects_bounded):
    // empty payloads cost nothing, so a server could make us hold any number.
    moqt::subscriber s(moqt::subscriber_options{{16384, 256, 64, 4 * moqt::subscriber::held_object_cost}, "t"});
    s.start(2);
    REQUIRE(s.subscribe(0, {"live", "x"}, "video"));
    bytes setup;
    REQUIRE_FALSE(d20::append_message(d20::setup{}, setup));
    REQUIRE_FALSE(s.feed_uni(3, setup, false));
    bytes data;
    d20::subgroup_header h;
    h.track_alias = 9;
    d20::append_subgroup_header(h, data);
    for (std::uint64_t id = 0; id < 40; ++id) {
        d20::subgroup_object o;
        o.object_id = id;
        d20::append_subgroup_object(h, id ? std::optional<std::uint64_t>(id - 1) : std::nullopt, o, data);
    }
    REQUIRE_FALSE(s.feed_uni(7, data, false));
    CHECK(s.objects_dropped() == 36);
    d20::subscribe_ok ok;
    ok.track_alias = 9;
    bytes answer;
    REQUIRE_FALSE(d20::append_message(ok, answer));
    REQUIRE_FALSE(s.feed_request(0, answer, false));
    std::size_t objects = 0;
    while (auto e = s.next_event()) objects += std::holds_alternative<moqt::subscriber_event::object>(*e);
    CHECK(objects == 4);
}

TEST_CASE("subscriber reports the first fault of a stream, whole or byte by byte", "[moqt][subscriber]") {
    // Found by fuzzing (fuzz/regressions/moqt_control/subscriber_error_in_stream_order):
    // fed whole, a message over the limit hid a message not allowed before it.
    bytes in;
    REQUIRE_FALSE(d20::append_message(d20::setup{}, in));
    REQUIRE_FALSE(d20::append_message(d20::setup{}, in));  // 3.3: SETUP once
    moqt::append_varint(d20::message_type::goaway, in);
    in.push_back(std::byte{0xff});  // a 16-bit Length far over max_message
    in.push_back(std::byte{0xff});
    const bool bytewise = GENERATE(false, true);
    moqt::subscriber s(moqt::subscriber_options{{1024, 256, 64, 4096}, "t"});
    s.start(2);
    std::error_code ec;
    if (!bytewise) ec = s.feed_uni(3, in, false);
    for (std::size_t i = 0; bytewise && i < in.size(); ++i) ec = s.feed_uni(3, lal::byte_span(in).subspan(i, 1), false);
    CHECK(ec == moqt::errc::unknown_message);
}
