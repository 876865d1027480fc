// SPDX-License-Identifier: MIT
// The WebTransport client against the server session in one process: every
// byte either writes is fed to the other, whole or a byte at a time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include <lal/h3/error.hpp>
#include <lal/h3/frame.hpp>
#include <lal/h3/qpack.hpp>
#include <lal/h3/varint.hpp>
#include <lal/h3/wt_client.hpp>
#include <lal/h3/wt_session.hpp>

namespace h3 = lal::h3;
using bytes = std::vector<std::byte>;

namespace {

// Stream ids as QUIC numbers them (RFC 9000 2.1): client bidi 0, 4, ...;
// client uni 2, 6, 10; server uni 3, 7, 11, 15; server bidi 1, 5.
constexpr std::uint64_t connect_stream = 0;

bytes text(std::string_view s) {
    auto b = lal::as_byte_span(s);
    return {b.begin(), b.end()};
}

std::string str(const bytes& b) { return std::string(lal::as_string_view(b)); }

struct wt_pair {
    h3::wt_client client;
    h3::wt_session server{h3::session_options{{}, {"moqt-20"}}};
    bool bytewise = false;
    std::vector<h3::client_event> client_events;
    std::vector<h3::session_event> server_events;

    explicit wt_pair(std::string path = "/moq", bool one_byte_at_a_time = false)
        : client(h3::client_options{{}, "127.0.0.1:4433", std::move(path), {"moqt-20"}}), bytewise(one_byte_at_a_time) {
        server.start(3, 7, 11);
        client.start(2, 6, 10, connect_stream);
    }

    template <class Feed>
    void carry(std::vector<h3::stream_chunk> chunks, Feed&& feed) {
        for (auto& c : chunks) {
            REQUIRE_FALSE(c.reset);
            if (!bytewise || c.bytes.size() < 2) {
                REQUIRE_FALSE(feed(c.stream_id, lal::byte_span(c.bytes), c.fin));
                continue;
            }
            for (std::size_t i = 0; i < c.bytes.size(); ++i)
                REQUIRE_FALSE(feed(c.stream_id, lal::byte_span(c.bytes).subspan(i, 1), c.fin && i + 1 == c.bytes.size()));
        }
    }

    // Moves bytes both ways until both are quiet.
    void pump() {
        for (int i = 0; i < 10; ++i) {
            auto to_server = client.take_output();
            auto to_client = server.take_output();
            if (to_server.empty() && to_client.empty()) break;
            carry(std::move(to_server), [&](auto id, auto b, bool fin) { return server.feed(id, b, fin); });
            carry(std::move(to_client), [&](auto id, auto b, bool fin) { return client.feed(id, b, fin); });
            while (auto e = client.next_event()) client_events.push_back(std::move(*e));
            while (auto e = server.next_event()) server_events.push_back(std::move(*e));
        }
    }

    template <class E, class V>
    static std::vector<E> of(const std::vector<V>& events) {
        std::vector<E> out;
        for (const auto& e : events)
            if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
        return out;
    }
};

}  // namespace

TEST_CASE("wt_client opens a WebTransport session with the server session, whole or byte by byte", "[h3][wt_client]") {
    const bool bytewise = GENERATE(false, true);
    wt_pair p("/moq", bytewise);
    p.pump();
    // The server saw our SETTINGS and an extended CONNECT with our subprotocol.
    REQUIRE(p.server.peer_settings());
    CHECK(p.server.peer_settings()->get(h3::setting::h3_datagram) == std::uint64_t{1});
    CHECK(p.server.peer_settings()->get(h3::setting::wt_enabled) == std::uint64_t{1});
    auto connects = wt_pair::of<h3::wt_event::connect>(p.server_events);
    REQUIRE(connects.size() == 1);
    CHECK(connects[0].stream_id == connect_stream);
    CHECK(connects[0].request.path == "/moq");
    CHECK(connects[0].request.authority == "127.0.0.1:4433");
    CHECK(connects[0].request.protocols == std::vector<std::string>{"moqt-20"});
    CHECK_FALSE(p.client.session_id());

    REQUIRE_FALSE(p.server.accept("moqt-20"));
    p.pump();
    auto answers = wt_pair::of<h3::wt_event::answered>(p.client_events);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].status == 200);
    CHECK(answers[0].protocol == "moqt-20");
    CHECK(p.client.session_id() == connect_stream);

    // A bidirectional stream of ours: header 0x41 + session id, then bytes both ways.
    REQUIRE_FALSE(p.client.open_stream(4));
    REQUIRE_FALSE(p.client.send(4, text("SUBSCRIBE"), false));
    p.pump();
    auto opened = wt_pair::of<h3::wt_event::stream_opened>(p.server_events);
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].stream_id == 4);
    CHECK(opened[0].bidirectional);
    std::string got;
    for (auto& d : wt_pair::of<h3::wt_event::stream_data>(p.server_events)) got += str(d.bytes);
    CHECK(got == "SUBSCRIBE");
    REQUIRE_FALSE(p.server.send(4, text("OK"), false));
    // A unidirectional stream of the server's: header 0x54 + session id, then an object and FIN.
    REQUIRE_FALSE(p.server.open_stream(15));
    REQUIRE_FALSE(p.server.send(15, text("object"), true));
    p.pump();
    std::string on4, on15;
    bool fin15 = false;
    for (auto& d : wt_pair::of<h3::wt_event::stream_data>(p.client_events)) {
        (d.stream_id == 4 ? on4 : on15) += str(d.bytes);
        if (d.stream_id == 15) fin15 = d.fin;
    }
    CHECK(on4 == "OK");
    CHECK(on15 == "object");
    CHECK(fin15);
    auto server_opened = wt_pair::of<h3::wt_event::stream_opened>(p.client_events);
    REQUIRE(server_opened.size() == 1);
    CHECK(server_opened[0].stream_id == 15);
    CHECK_FALSE(server_opened[0].bidirectional);

    // The server ends the session with a capsule (draft-ietf-webtrans-http3 6).
    REQUIRE_FALSE(p.server.close(7, "bye"));
    p.pump();
    auto closed = wt_pair::of<h3::wt_event::closed>(p.client_events);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].code == 7);
    CHECK(closed[0].reason == "bye");
    CHECK_FALSE(p.client.session_id());
}

TEST_CASE("wt_client reports a refused CONNECT with its status", "[h3][wt_client]") {
    wt_pair p("/nowhere");
    p.pump();
    REQUIRE_FALSE(p.server.reject(404));
    p.pump();
    auto answers = wt_pair::of<h3::wt_event::answered>(p.client_events);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].status == 404);
    CHECK_FALSE(p.client.session_id());
    CHECK(p.client.open_stream(4) == h3::errc::bad_state);
}

TEST_CASE("wt_client holds a server stream that arrives before the 200", "[h3][wt_client]") {
    wt_pair p;
    p.pump();
    REQUIRE_FALSE(p.server.accept("moqt-20"));
    REQUIRE_FALSE(p.server.open_stream(3 + 4 * 3));
    REQUIRE_FALSE(p.server.send(15, text("early"), true));
    auto out = p.server.take_output();
    // Deliver the data stream first, then the CONNECT stream's answer.
    std::stable_partition(out.begin(), out.end(), [](const h3::stream_chunk& c) { return c.stream_id == 15; });
    for (auto& c : out) REQUIRE_FALSE(p.client.feed(c.stream_id, c.bytes, c.fin));
    std::vector<h3::client_event> events;
    while (auto e = p.client.next_event()) events.push_back(std::move(*e));
    REQUIRE(events.size() == 3);
    CHECK(std::get<h3::wt_event::answered>(events[0]).status == 200);
    CHECK(std::get<h3::wt_event::stream_opened>(events[1]).stream_id == 15);
    const auto& d = std::get<h3::wt_event::stream_data>(events[2]);
    CHECK(str(d.bytes) == "early");
    CHECK(d.fin);
}

TEST_CASE("wt_client refuses servers without WebTransport and broken control streams", "[h3][wt_client]") {
    auto control = [](const h3::settings& s) {
        bytes out;
        h3::append_varint(h3::stream_type::control, out);
        h3::append_settings(s, out);
        return out;
    };
    SECTION("SETTINGS without extended CONNECT") {
        h3::wt_client c(h3::client_options{{}, "a", "/moq", {}});
        c.start(2, 6, 10, 0);
        h3::settings s = h3::webtransport_client_settings();  // a client's: no ENABLE_CONNECT_PROTOCOL
        CHECK(c.feed(3, control(s), false) == h3::errc::no_webtransport);
        CHECK(c.take_output().size() == 3);  // our three streams; no CONNECT went out
    }
    SECTION("a control stream that starts with another frame") {
        h3::wt_client c(h3::client_options{{}, "a", "/moq", {}});
        bytes out;
        h3::append_varint(h3::stream_type::control, out);
        h3::append_goaway(0, out);
        CHECK(c.feed(3, out, false) == h3::errc::missing_settings);
    }
    SECTION("a second control stream, a push stream, a plain server bidirectional stream") {
        h3::wt_client c(h3::client_options{{}, "a", "/moq", {}});
        c.start(2, 6, 10, 0);
        REQUIRE_FALSE(c.feed(3, control(h3::webtransport_server_settings()), false));
        const auto ctl = control(h3::webtransport_server_settings());
        const auto which = GENERATE(0, 1, 2);
        if (which == 0) CHECK(c.feed(7, ctl, false) == h3::errc::stream_creation_error);
        if (which == 1) CHECK(c.feed(7, bytes{std::byte{0x01}}, false) == h3::errc::stream_creation_error);
        if (which == 2) CHECK(c.feed(1, bytes{std::byte{0x01}, std::byte{0x00}}, false) == h3::errc::stream_creation_error);
        // Dead after a connection error.
        CHECK(c.feed(11, bytes{std::byte{0x02}}, false));
    }
    SECTION("a response without :status and an early stream past the bound") {
        h3::client_options o{{}, "a", "/moq", {}};
        o.max_early_bytes = 8;
        h3::wt_client c(o);
        c.start(2, 6, 10, 0);
        REQUIRE_FALSE(c.feed(3, control(h3::webtransport_server_settings()), false));
        bytes early;
        h3::append_stream_header(false, 0, early);
        early.resize(early.size() + 9);  // more than 8 bytes before the session exists
        REQUIRE_FALSE(c.feed(15, early, false));
        bool rejected = false;
        for (auto& chunk : c.take_output())
            if (chunk.stream_id == 15 && chunk.reset == h3::stream_error::wt_buffered_stream_rejected) rejected = true;
        CHECK(rejected);
        bytes headers;
        h3::append_frame(h3::frame_type::headers, h3::encode_field_section({{"server", "x"}}), headers);
        CHECK(c.feed(0, headers, false) == h3::errc::bad_request);
    }
}

TEST_CASE("wt_client reports the first fault of a stream, whole or byte by byte", "[h3][wt_client]") {
    // Found by fuzzing (fuzz/regressions/wt_session/client_error_in_stream_order):
    // fed whole, a frame too large hid an unexpected frame before it.
    bytes in;
    h3::append_varint(h3::stream_type::control, in);
    h3::append_settings(h3::webtransport_server_settings(), in);
    h3::append_settings(h3::webtransport_server_settings(), in);  // RFC 9114 7.2.4: SETTINGS once
    h3::append_varint(h3::frame_type::headers, in);
    h3::append_varint(1 << 20, in);  // a HEADERS frame far over the limit
    const bool bytewise = GENERATE(false, true);
    h3::wt_client c(h3::client_options{{}, "a", "/moq", {}});
    c.start(2, 6, 10, 0);
    std::error_code ec;
    if (!bytewise) ec = c.feed(3, in, false);
    for (std::size_t i = 0; bytewise && i < in.size(); ++i) ec = c.feed(3, lal::byte_span(in).subspan(i, 1), false);
    CHECK(ec == h3::errc::frame_unexpected);
}
