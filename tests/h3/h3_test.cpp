// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

#include <lal/h3/frame.hpp>
#include <lal/h3/qpack.hpp>
#include <lal/h3/varint.hpp>
#include <lal/h3/webtransport.hpp>
#include <lal/h3/wt_session.hpp>

#include "hex.hpp"
#include "split_feed.hpp"

namespace h3 = lal::h3;
using lal::test::hex;
using bytes = std::vector<std::byte>;

namespace {

bytes text(std::string_view s) {
    auto b = lal::as_byte_span(s);
    return {b.begin(), b.end()};
}

bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// A client's extended CONNECT, QPACK-encoded by hand (RFC 9204 4.5):
// prefix 00 00; :method CONNECT = static 15 (CF); :scheme https = static 23 (D7);
// :protocol as a literal name (27 02 + 9 bytes); :authority = static 0 with a
// literal value (50); :path = static 1 (51); two literal-name fields.
bytes connect_section() {
    return cat({hex("00 00 cf d7 27 02"), text(":protocol"), hex("0c"), text("webtransport"), hex("50 0e"),
                text("localhost:4433"), hex("51 05"), text("/moqt"), hex("27 17"),
                text("sec-webtransport-http3-draft02"), hex("01"), text("1"), hex("27 0f"),
                text("wt-available-protocols"), hex("14"), text("\"moqt-20\", \"moqt-19\"")});
}

bytes frame_bytes(std::uint64_t type, const bytes& payload) {
    bytes out;
    h3::append_frame(type, payload, out);
    return out;
}

bytes client_control() {
    h3::settings s;
    s.entries = {{h3::setting::qpack_max_table_capacity, 0},
                 {h3::setting::enable_connect_protocol, 1},
                 {h3::setting::h3_datagram, 1},
                 {h3::setting::enable_webtransport, 1}};
    bytes out = hex("00");
    h3::append_settings(s, out);
    return out;
}

template <class T>
std::vector<T> events_of(h3::wt_session& s) {
    std::vector<T> out;
    while (auto e = s.next_event())
        if (auto* p = std::get_if<T>(&*e)) out.push_back(*p);
    return out;
}

h3::wt_session accepted_session() {
    h3::wt_session s({{}, {"moqt-20"}});
    s.start(3, 7, 11);
    REQUIRE(!s.feed(2, client_control(), false));
    REQUIRE(!s.feed(0, frame_bytes(h3::frame_type::headers, connect_section()), false));
    auto connects = events_of<h3::wt_event::connect>(s);
    REQUIRE(connects.size() == 1);
    REQUIRE(!s.accept("moqt-20"));
    (void)s.take_output();
    return s;
}

}  // namespace

TEST_CASE("QUIC varints decode the RFC 9000 A.1 examples and encode shortest", "[h3][varint]") {
    const std::pair<const char*, std::uint64_t> cases[] = {
        {"c2 19 7c 5e ff 14 e8 8c", 151288809941952652ull}, {"9d 7f 3e 7d", 494878333},
        {"7b bd", 15293}, {"25", 37}, {"40 25", 37}};
    for (const auto& [in, value] : cases) {
        const auto b = hex(in);
        auto v = h3::read_varint(b);
        REQUIRE(v);
        CHECK(v->value == value);
        CHECK(v->size == b.size());
        CHECK(!h3::read_varint(lal::byte_span(b).first(b.size() - 1)));
    }
    bytes out;
    h3::append_varint(37, out);
    h3::append_varint(15293, out);
    h3::append_varint(h3::max_varint, out);
    CHECK(out == hex("25 7b bd ff ff ff ff ff ff ff ff"));
}

TEST_CASE("frame_reader gives the same frames at every split and skips unknown types", "[h3][frame]") {
    // DATA "ab", a reserved type 0x21 with 3 bytes, an unknown type 0x3f, HEADERS "x".
    const auto input = hex("00 02 61 62  21 03 01 02 03  3f 00  01 01 78");
    const auto results = lal::test::all_feedings(input, [](const auto& feeder) {
        h3::frame_reader r;
        std::vector<h3::frame> frames;
        feeder([&](lal::byte_span piece) {
            REQUIRE(!r.feed(piece));
            while (auto f = r.next()) frames.push_back(std::move(*f));
        });
        CHECK(r.at_boundary());
        return frames;
    });
    REQUIRE(results[0].size() == 2);
    CHECK(results[0][0] == h3::frame{h3::frame_type::data, text("ab")});
    CHECK(results[0][1] == h3::frame{h3::frame_type::headers, text("x")});
    for (const auto& r : results) CHECK(r == results[0]);
}

TEST_CASE("frame_reader refuses HTTP/2 frame types and oversized frames", "[h3][frame]") {
    h3::frame_reader a;
    CHECK(a.feed(hex("02 00")) == h3::errc::frame_unexpected);
    CHECK(a.feed(hex("00 00")) == h3::errc::frame_unexpected);  // dead after an error
    h3::frame_reader b({8});
    CHECK(b.feed(hex("01 09")) == h3::errc::frame_too_large);  // refused before the payload arrives
    h3::frame_reader c({8});
    CHECK(!c.feed(hex("21 40 ff")));  // a long reserved frame is skipped, not held
    CHECK(!c.at_boundary());
}

TEST_CASE("SETTINGS round-trip; duplicates and HTTP/2 settings are refused", "[h3][settings]") {
    const auto ours = h3::webtransport_server_settings(16384);
    bytes wire;
    h3::append_settings(ours, wire);
    h3::frame_reader r;
    REQUIRE(!r.feed(wire));
    auto f = r.next();
    REQUIRE(f);
    auto back = h3::parse_settings(f->payload);
    REQUIRE(back);
    CHECK(*back == ours);
    CHECK(back->allows_webtransport());
    CHECK(back->get(h3::setting::wt_enabled) == 1u);
    CHECK(back->get(h3::setting::webtransport_max_sessions) == 1u);
    CHECK(back->get(h3::setting::enable_webtransport) == 1u);
    CHECK(h3::parse_settings(hex("08 01 08 01")).error() == h3::errc::settings_error);
    CHECK(h3::parse_settings(hex("02 00")).error() == h3::errc::settings_error);
    CHECK(h3::parse_settings(hex("08")).error() == h3::errc::bad_frame);
    CHECK(h3::parse_goaway(hex("04")).value() == 4u);
    CHECK(h3::parse_goaway(hex("04 00")).error() == h3::errc::bad_frame);
}

TEST_CASE("QPACK decodes the RFC 9204 B.1 field section and a hand-built CONNECT", "[h3][qpack]") {
    auto fields = h3::decode_field_section(cat({hex("00 00 51 0b"), text("/index.html")}));
    REQUIRE(fields);
    CHECK(*fields == h3::field_list{{":path", "/index.html"}});

    auto connect = h3::decode_field_section(connect_section());
    REQUIRE(connect);
    auto request = h3::parse_connect_request(*connect);
    REQUIRE(request);
    CHECK(request->authority == "localhost:4433");
    CHECK(request->path == "/moqt");
    CHECK(request->draft02);
    CHECK(request->protocols == std::vector<std::string>{"moqt-20", "moqt-19"});

    // A dynamic table reference (Required Insert Count 1) cannot decode with capacity 0.
    CHECK(h3::decode_field_section(hex("02 00 80")).error() == h3::errc::qpack_failed);
    CHECK(!h3::decode_field_section(hex("00")));
    h3::field_limits tight;
    tight.max_section_size = 40;
    CHECK(h3::decode_field_section(connect_section(), tight).error() == h3::errc::field_section_too_large);
}

TEST_CASE("QPACK encoding round-trips through the decoder", "[h3][qpack]") {
    const h3::field_list fields{{":status", "200"}, {"sec-webtransport-http3-draft", "draft02"},
                                {"wt-protocol", "\"moqt-20\""}, {"x-empty", ""}};
    auto back = h3::decode_field_section(h3::encode_field_section(fields));
    REQUIRE(back);
    CHECK(*back == fields);
}

TEST_CASE("extended CONNECT checks follow RFC 9114 4.3 and RFC 9220 3", "[h3][webtransport]") {
    const h3::field_list good{{":method", "CONNECT"}, {":protocol", "webtransport"}, {":scheme", "https"},
                              {":authority", "a"},    {":path", "/"}};
    CHECK(h3::parse_connect_request(good));
    auto without = [&](std::string_view name) {
        h3::field_list f;
        for (const auto& x : good)
            if (x.name != name) f.push_back(x);
        return f;
    };
    for (auto name : {":method", ":protocol", ":scheme", ":authority", ":path"})
        CHECK(h3::parse_connect_request(without(name)).error() == h3::errc::bad_request);
    auto late = good;
    late.insert(late.begin(), {"origin", "x"});
    CHECK(h3::parse_connect_request(late).error() == h3::errc::bad_request);
    auto twice = good;
    twice.push_back({":path", "/again"});
    CHECK(h3::parse_connect_request(twice).error() == h3::errc::bad_request);
    auto upper = good;
    upper.push_back({"Origin", "x"});
    CHECK(h3::parse_connect_request(upper).error() == h3::errc::bad_request);

    CHECK(h3::parse_string_list("\"a\", \"b\\\"c\";q=1 ,\"d\"") == std::vector<std::string>{"a", "b\"c", "d"});
    CHECK(!h3::parse_string_list("a, \"b\""));
    CHECK(!h3::parse_string_list("\"a\","));
    CHECK(h3::choose_protocol({"moqt-20"}, {"moqt-19", "moqt-20"}) == "moqt-20");
    CHECK(h3::choose_protocol({"moqt-20"}, {"moqt-19"}).empty());
}

TEST_CASE("HTTP datagrams carry the quarter stream id (RFC 9297 2.1)", "[h3][webtransport]") {
    bytes d;
    h3::append_datagram(8, text("hi"), d);
    CHECK(d == cat({hex("02"), text("hi")}));
    auto v = h3::parse_datagram(d);
    REQUIRE(v);
    CHECK(v->stream_id == 8u);
    CHECK(lal::to_vector(v->payload) == text("hi"));
    CHECK(h3::parse_datagram({}).error() == h3::errc::truncated);
    CHECK(h3::parse_datagram(hex("7f")).error() == h3::errc::truncated);
}

TEST_CASE("wt_session announces its settings and accepts a CONNECT fed at every split", "[h3][session]") {
    const auto connect = frame_bytes(h3::frame_type::headers, connect_section());
    for (std::size_t split = 0; split <= connect.size(); ++split) {
        h3::wt_session s({{}, {"moqt-20"}});
        s.start(3, 7, 11);
        auto out = s.take_output();
        REQUIRE(out.size() == 3);
        CHECK(out[0].stream_id == 3u);
        CHECK(out[0].bytes.front() == std::byte{0x00});
        CHECK(out[1].bytes == hex("02"));
        CHECK(out[2].bytes == hex("03"));
        h3::frame_reader control;
        REQUIRE(!control.feed(lal::byte_span(out[0].bytes).subspan(1)));
        auto settings_frame = control.next();
        REQUIRE(settings_frame);
        CHECK(h3::parse_settings(settings_frame->payload)->allows_webtransport());

        REQUIRE(!s.feed(2, client_control(), false));
        REQUIRE(!s.feed(0, lal::byte_span(connect).first(split), false));
        REQUIRE(!s.feed(0, lal::byte_span(connect).subspan(split), false));
        auto connects = events_of<h3::wt_event::connect>(s);
        REQUIRE(connects.size() == 1);
        CHECK(connects[0].stream_id == 0u);
        CHECK(connects[0].request.path == "/moqt");
        CHECK(h3::choose_protocol({"moqt-20"}, connects[0].request.protocols) == "moqt-20");
        REQUIRE(s.peer_settings());
        CHECK(s.peer_settings()->allows_webtransport());

        REQUIRE(!s.accept("moqt-20"));
        CHECK(s.session_id() == 0u);
        out = s.take_output();
        REQUIRE(out.size() == 1);
        CHECK(out[0].stream_id == 0u);
        CHECK(!out[0].fin);
        h3::frame_reader response;
        REQUIRE(!response.feed(out[0].bytes));
        auto headers = response.next();
        REQUIRE(headers);
        auto fields = h3::decode_field_section(headers->payload);
        REQUIRE(fields);
        CHECK(*fields == h3::field_list{{":status", "200"},
                                        {"sec-webtransport-http3-draft", "draft02"},
                                        {"wt-protocol", "\"moqt-20\""}});
    }
}

TEST_CASE("wt_session surfaces WebTransport streams and datagrams of its session", "[h3][session]") {
    auto s = accepted_session();
    // A unidirectional stream: type 0x54 (two-byte varint 40 54), session 0, then data, fed byte by byte.
    const auto uni = cat({hex("40 54 00"), text("hello")});
    for (std::size_t i = 0; i < uni.size(); ++i) REQUIRE(!s.feed(6, lal::byte_span(uni).subspan(i, 1), false));
    REQUIRE(!s.feed(6, {}, true));
    // A bidirectional stream: signal 0x41, session 0, data and FIN at once.
    REQUIRE(!s.feed(4, cat({hex("40 41 00"), text("abc")}), true));
    REQUIRE(!s.feed_datagram(cat({hex("00"), text("dg")})));
    REQUIRE(!s.feed_datagram(cat({hex("01"), text("other session")})));

    std::vector<h3::session_event> events;
    while (auto e = s.next_event()) events.push_back(std::move(*e));
    std::string uni_data, bidi_data;
    bool uni_fin = false, bidi_fin = false;
    int opened = 0, datagrams = 0;
    for (auto& e : events) {
        if (auto* o = std::get_if<h3::wt_event::stream_opened>(&e)) {
            ++opened;
            CHECK(o->bidirectional == (o->stream_id == 4));
        } else if (auto* d = std::get_if<h3::wt_event::stream_data>(&e)) {
            auto& sink = d->stream_id == 6 ? uni_data : bidi_data;
            sink += lal::as_string_view(d->bytes);
            (d->stream_id == 6 ? uni_fin : bidi_fin) |= d->fin;
        } else if (auto* g = std::get_if<h3::wt_event::datagram>(&e)) {
            ++datagrams;
            CHECK(g->payload == text("dg"));
        }
    }
    CHECK(opened == 2);
    CHECK(uni_data == "hello");
    CHECK(bidi_data == "abc");
    CHECK(uni_fin);
    CHECK(bidi_fin);
    CHECK(datagrams == 1);

    // The peer's bidirectional stream stays writable after its FIN.
    REQUIRE(!s.send(4, text("reply"), true));
    REQUIRE(!s.open_stream(15));
    REQUIRE(!s.send(15, text("obj"), true));
    REQUIRE(!s.send_datagram(text("up")));
    auto out = s.take_output();
    REQUIRE(out.size() == 2);
    CHECK(out[0].stream_id == 4u);
    CHECK(out[0].bytes == text("reply"));
    CHECK(out[0].fin);
    CHECK(out[1].stream_id == 15u);
    CHECK(out[1].bytes == cat({hex("40 54 00"), text("obj")}));
    CHECK(out[1].fin);
    CHECK(s.take_datagrams() == std::vector<bytes>{cat({hex("00"), text("up")})});
    CHECK(s.send(15, text("late"), false) == h3::errc::bad_state);
}

TEST_CASE("wt_session reports CLOSE_WEBTRANSPORT_SESSION and sends its own", "[h3][session]") {
    auto s = accepted_session();
    bytes capsule;
    h3::append_close_capsule(7, "bye", capsule);
    CHECK(capsule == cat({hex("00 0a 68 43 07 00 00 00 07"), text("bye")}));
    for (std::size_t i = 0; i < capsule.size(); ++i) REQUIRE(!s.feed(0, lal::byte_span(capsule).subspan(i, 1), false));
    auto closed = events_of<h3::wt_event::closed>(s);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].code == 7u);
    CHECK(closed[0].reason == "bye");
    CHECK(s.send_datagram(text("x")) == h3::errc::bad_state);

    auto t = accepted_session();
    REQUIRE(!t.close(9, "done"));
    auto out = t.take_output();
    REQUIRE(out.size() == 1);
    CHECK(out[0].fin);
    bytes expected;
    h3::append_close_capsule(9, "done", expected);
    CHECK(out[0].bytes == expected);
}

TEST_CASE("wt_session answers requests it does not serve and refuses foreign streams", "[h3][session]") {
    auto s = accepted_session();
    // GET / (static :method GET = 17, :path / = 1, :scheme https = 23, :authority literal).
    const auto get = frame_bytes(h3::frame_type::headers, cat({hex("00 00 d1 c1 d7 50 01"), text("a")}));
    REQUIRE(!s.feed(8, get, true));
    // A second CONNECT while a session runs.
    REQUIRE(!s.feed(12, frame_bytes(h3::frame_type::headers, connect_section()), false));
    // A malformed CONNECT (no :path): a stream error, not a connection error.
    REQUIRE(!s.feed(16, frame_bytes(h3::frame_type::headers,
                                    cat({hex("00 00 cf d7 27 02"), text(":protocol"), hex("0c"),
                                         text("webtransport"), hex("50 01"), text("a")})),
                    false));
    // A WebTransport stream naming session 4, which does not exist.
    REQUIRE(!s.feed(10, hex("40 54 04 01 02"), false));
    auto out = s.take_output();
    REQUIRE(out.size() == 4);
    auto status_of = [](const h3::stream_chunk& c) {
        h3::frame_reader r;
        REQUIRE(!r.feed(c.bytes));
        auto f = r.next();
        REQUIRE(f);
        auto fields = h3::decode_field_section(f->payload);
        REQUIRE(fields);
        return *h3::find_field(*fields, ":status");
    };
    CHECK(out[0].stream_id == 8u);
    CHECK(status_of(out[0]) == "404");
    CHECK(out[0].fin);
    CHECK(out[1].stream_id == 12u);
    CHECK(status_of(out[1]) == "429");
    CHECK(out[2].stream_id == 16u);
    CHECK(out[2].reset == h3::stream_error::message_error);
    CHECK(out[3].stream_id == 10u);
    CHECK(out[3].reset == h3::stream_error::wt_buffered_stream_rejected);
    CHECK(events_of<h3::wt_event::stream_opened>(s).empty());
}

TEST_CASE("wt_session connection errors name the RFC 9114 codes", "[h3][session]") {
    auto fresh = [] {
        h3::wt_session s;
        s.start(3, 7, 11);
        return s;
    };
    {
        auto s = fresh();
        auto ec = s.feed(2, cat({hex("00"), frame_bytes(h3::frame_type::data, {})}), false);
        CHECK(ec == h3::errc::missing_settings);
        CHECK(h3::application_error_code(ec) == 0x010au);
        CHECK(s.feed(0, hex("00"), false) == ec);  // dead from now on
    }
    {
        auto s = fresh();
        REQUIRE(!s.feed(2, client_control(), false));
        CHECK(s.feed(6, hex("00"), false) == h3::errc::stream_creation_error);
    }
    {
        auto s = fresh();
        REQUIRE(!s.feed(2, client_control(), false));
        CHECK(s.feed(2, client_control(), false) == h3::errc::frame_unexpected);
    }
    {
        auto s = fresh();
        REQUIRE(!s.feed(2, client_control(), false));
        CHECK(s.feed(2, {}, true) == h3::errc::closed_critical_stream);
    }
    {
        auto s = fresh();
        CHECK(s.feed(0, frame_bytes(h3::frame_type::data, text("x")), false) == h3::errc::frame_unexpected);
    }
    {
        auto s = fresh();
        auto ec = s.feed(0, frame_bytes(h3::frame_type::headers, hex("02 00 80")), false);
        CHECK(ec == h3::errc::qpack_failed);
        CHECK(h3::application_error_code(ec) == 0x0200u);
    }
    {
        auto s = fresh();
        CHECK(s.feed(0, hex("01 05 00"), true) == h3::errc::bad_frame);  // FIN inside a frame
    }
    {
        auto s = fresh();
        CHECK(s.feed(1, hex("00"), false) == h3::errc::stream_creation_error);  // a server-initiated id
        CHECK(s.feed(14, hex("01"), false) == h3::errc::stream_creation_error);
    }
    {
        auto s = fresh();
        CHECK(s.feed(14, hex("01"), false) == h3::errc::stream_creation_error);  // client push stream
    }
    {
        h3::wt_session s({{{}, {}, 2}, {}});
        REQUIRE(!s.feed(0, hex("01"), false));
        REQUIRE(!s.feed(4, hex("01"), false));
        CHECK(s.feed(8, hex("01"), false) == h3::errc::buffer_limit);
    }
}
