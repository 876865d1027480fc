// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <variant>
#include <vector>

#include <lal/moqt/draft20.hpp>
#include <lal/moqt/session.hpp>
#include <lal/moqt/varint.hpp>

#include "hex.hpp"
#include "split_feed.hpp"

namespace moqt = lal::moqt;
namespace d20 = lal::moqt::draft20;
using lal::test::hex;
using bytes = std::vector<std::byte>;

namespace {

bytes text(std::string_view s) {
    auto b = lal::as_byte_span(s);
    return {b.begin(), b.end()};
}

bytes wire(const d20::message& m) {
    bytes out;
    REQUIRE(!d20::append_message(m, out));
    return out;
}

std::vector<d20::message> read_all(lal::byte_span in) {
    d20::message_reader r;
    REQUIRE(!r.feed(in));
    std::vector<d20::message> out;
    while (auto m = r.next()) out.push_back(std::move(*m));
    CHECK(r.at_boundary());
    return out;
}

// SUBSCRIBE (10.7) by hand: Request ID 0, namespace ("live"), name "test",
// two parameters: FORWARD (0x10) = 1 and LOCATION_FILTER (delta 0x11) = {0, 0}.
const bytes subscribe_bytes = hex("03 00 13  00  01 04 6c 69 76 65  04 74 65 73 74  02  10 01  11 02 00 00");
// The client's SETUP: type 0x2F00 (two-byte varint af 00), Length 3, MOQT_IMPLEMENTATION "x".
const bytes client_setup = hex("af 00 00 03 07 01 78");

template <class T>
std::vector<T> events_of(moqt::session& s) {
    std::vector<T> out;
    while (auto e = s.next_event())
        if (auto* p = std::get_if<T>(&*e)) out.push_back(std::move(*p));
    return out;
}

}  // namespace

TEST_CASE("MoQT varints decode the draft-20 Table 2 examples and encode shortest", "[moqt][varint]") {
    const std::pair<const char*, std::uint64_t> cases[] = {
        {"25", 37},
        {"80 25", 37},
        {"bb bd", 15293},
        {"ed 7f 3e 7d", 226442877},
        {"fa a1 a0 e4 03 d8", 2893212287960ull},
        {"fc 89 98 ab c6 6b c0", 151288809941952ull},
        {"fe fa 31 8f a8 e3 ca 11", 70423237261249041ull},
        {"ff ff ff ff ff ff ff ff ff", 18446744073709551615ull}};
    for (const auto& [in, value] : cases) {
        const auto b = hex(in);
        auto v = moqt::read_varint(b);
        REQUIRE(v);
        CHECK(v->value == value);
        CHECK(v->size == b.size());
        CHECK(!moqt::read_varint(lal::byte_span(b).first(b.size() - 1)));
        bytes again;
        moqt::append_varint(value, again);
        CHECK(moqt::read_varint(again)->value == value);
        CHECK(again.size() == moqt::varint_size(value));
    }
    bytes out;
    moqt::append_varint(37, out);
    moqt::append_varint(15293, out);
    moqt::append_varint(127, out);
    moqt::append_varint(128, out);
    CHECK(out == hex("25 bb bd 7f 80 80"));
}

TEST_CASE("a hand-built SUBSCRIBE decodes at every split and re-encodes to its bytes", "[moqt][control]") {
    const auto results = lal::test::all_feedings(subscribe_bytes, [](const auto& feeder) {
        d20::message_reader r;
        std::vector<d20::message> out;
        feeder([&](lal::byte_span piece) {
            REQUIRE(!r.feed(piece));
            while (auto m = r.next()) out.push_back(std::move(*m));
        });
        return out.size();
    });
    for (auto n : results) CHECK(n == 1);
    auto msgs = read_all(subscribe_bytes);
    REQUIRE(msgs.size() == 1);
    const auto& s = std::get<d20::subscribe>(msgs[0]);
    CHECK(s.request_id == 0u);
    CHECK(s.track_ns == d20::track_namespace{"live"});
    CHECK(s.track_name == "test");
    REQUIRE(s.params.size() == 2);
    CHECK(s.params[0].type == d20::param::forward);
    CHECK(s.params[0].number == 1u);
    auto filter = d20::parse_location_filter(s.params[1].bytes);
    REQUIRE(filter);
    CHECK(*filter == d20::location_filter{0, 0, std::nullopt, std::nullopt});
    CHECK(wire(msgs[0]) == subscribe_bytes);
}

TEST_CASE("every draft-20 control message round-trips", "[moqt][control]") {
    d20::parameters params{{d20::param::authorization_token, 0, {}, text("tok")},
                           {d20::param::largest_object, 0, {7, 9}, {}},
                           {d20::param::subscriber_priority, 3, {}, {}}};
    d20::key_values props{{0x0e, 64, {}}, {0x79, 0, text("app")}};
    d20::redirect to{"", {"a", "b"}, "t"};
    const std::vector<d20::message> all{
        d20::setup{{{d20::setup_option::path, 0, text("/moqt")}, {d20::setup_option::max_request_updates, 4, {}}}},
        d20::goaway{"https://example.com/next", 5000},
        d20::subscribe{2, {"live"}, "video", params},
        d20::track_status{{4, {"live"}, "audio", {}}},
        d20::fetch{{6, {"live", "x"}, "video", params}},
        d20::subscribe_ok{1, params, props},
        d20::request_ok{params, {}},
        d20::request_error{d20::request_error_code::does_not_exist, 0, "no such track", std::nullopt},
        d20::request_error{d20::request_error_code::redirect, 1, "elsewhere", to},
        d20::request_update{8, {{d20::param::forward, 0, {}, {}}}},
        d20::publish_state_notify{params},
        d20::publish{10, {"live"}, "video", 3, params, props},
        d20::publish_done{d20::publish_done_code::track_ended, 4, "ended"},
        d20::fetch_ok{true, {3, 4}, params, props},
        d20::publish_namespace{12, {"live"}, {}},
        d20::namespace_msg{{"room1"}},
        d20::namespace_done{{"room1"}},
        d20::subscribe_namespace{14, {"live"}, {}},
        d20::subscribe_tracks{{16, {}, {}}},
    };
    bytes stream;
    for (const auto& m : all) {
        const auto one = wire(m);
        auto back = read_all(one);
        REQUIRE(back.size() == 1);
        CHECK(back[0].index() == m.index());
        CHECK(wire(back[0]) == one);
        stream.insert(stream.end(), one.begin(), one.end());
    }
    // The whole sequence byte by byte gives the same messages.
    d20::message_reader r;
    std::size_t n = 0;
    for (std::size_t i = 0; i < stream.size(); ++i) {
        REQUIRE(!r.feed(lal::byte_span(stream).subspan(i, 1)));
        while (auto m = r.next()) {
            REQUIRE(n < all.size());
            CHECK(wire(*m) == wire(all[n]));
            ++n;
        }
    }
    CHECK(n == all.size());
}

TEST_CASE("control decoding reports precise errors", "[moqt][control]") {
    auto decode = [](std::uint64_t type, const bytes& body) { return d20::decode_message(type, body).error(); };
    CHECK(decode(d20::message_type::publish_done, hex("02 00 00 ff")) == moqt::errc::bad_length);
    CHECK(decode(d20::message_type::publish_done, hex("02")) == moqt::errc::truncated);
    CHECK(decode(0x7777, {}) == moqt::errc::unknown_message);
    // Unknown parameter 0x44 in a REQUEST_UPDATE.
    CHECK(decode(d20::message_type::request_update, hex("00 01 44 00")) == moqt::errc::unknown_parameter);
    // FORWARD twice; FORWARD = 2; GROUP_ORDER = 0.
    CHECK(decode(d20::message_type::request_update, hex("00 02 10 01 00 01")) == moqt::errc::duplicate_parameter);
    CHECK(decode(d20::message_type::request_update, hex("00 01 10 02")) == moqt::errc::bad_message);
    CHECK(decode(d20::message_type::request_update, hex("00 01 22 00")) == moqt::errc::bad_message);
    // Namespace with an empty field, and with 33 fields.
    CHECK(decode(d20::message_type::namespace_, hex("01 00")) == moqt::errc::bad_namespace);
    bytes many = hex("21");
    for (int i = 0; i < 33; ++i) many.insert(many.end(), {std::byte{1}, std::byte{'a'}});
    CHECK(decode(d20::message_type::namespace_, many) == moqt::errc::bad_namespace);
    // A reason over 1024 bytes.
    CHECK(decode(d20::message_type::publish_done, hex("00 00 84 01")) == moqt::errc::bad_message);
    // An odd Key-Value-Pair type whose length runs past the message.
    CHECK(decode(d20::message_type::setup, hex("01 05 61")) == moqt::errc::bad_key_value);
    // A Length bigger than the reader's limit is refused before the body arrives.
    d20::message_reader small({16});
    CHECK(small.feed(hex("0b 00 11")) == moqt::errc::limit_exceeded);
}

TEST_CASE("LARGEST_OBJECT is a Location of two bare varints, as draft-20 10.2 and 10.2.17 say", "[moqt][control]") {
    // SUBSCRIBE_OK: Track Alias 2, one parameter LARGEST_OBJECT (0x09) = {5, 3}, no Track Properties.
    const bytes ok_bytes = hex("04 00 05  02  01 09 05 03");
    const auto results = lal::test::all_feedings(ok_bytes, [](const auto& feeder) {
        d20::message_reader r;
        std::size_t n = 0;
        feeder([&](lal::byte_span piece) {
            REQUIRE(!r.feed(piece));
            while (r.next()) ++n;
        });
        return n;
    });
    for (auto n : results) CHECK(n == 1);
    auto msgs = read_all(ok_bytes);
    REQUIRE(msgs.size() == 1);
    const auto& ok = std::get<d20::subscribe_ok>(msgs[0]);
    CHECK(ok.track_alias == 2u);
    REQUIRE(ok.params.size() == 1);
    CHECK(ok.params[0].where == d20::location{5, 3});
    CHECK(ok.track_properties.empty());
    CHECK(wire(d20::subscribe_ok{2, {{d20::param::largest_object, 0, {5, 3}, {}}}, {}}) == ok_bytes);
    // Group 300 takes a two-byte varint (81 2c); no Length precedes either.
    CHECK(wire(d20::subscribe_ok{0, {{d20::param::largest_object, 0, {300, 0}, {}}}, {}}) ==
          hex("04 00 06  00  01 09 81 2c 00"));
    // The same {5, 3} length-prefixed (02 05 03), as @moq/net 0.3.4 writes
    // and reads it, is not draft-20: the trailing byte is a Track Property
    // without its length, and the message is refused rather than misread.
    CHECK(d20::decode_message(d20::message_type::subscribe_ok, hex("02  01 09 02 05 03")).error() ==
          moqt::errc::bad_key_value);
    // A Location cut after its Group.
    CHECK(d20::decode_message(d20::message_type::subscribe_ok, hex("02  01 09 05")).error() == moqt::errc::truncated);
}

TEST_CASE("location filters start where draft-20 5.1.2 says", "[moqt][filter]") {
    const d20::location largest{10, 4};
    CHECK(d20::subscription_start(std::nullopt, largest) == d20::location{0, 0});  // unfiltered: every Object
    CHECK(d20::subscription_start(d20::location_filter{}, largest) == d20::location{0, 0});
    CHECK(d20::subscription_start(std::nullopt, std::nullopt) == d20::location{0, 0});
    CHECK(d20::subscription_start(d20::location_filter{0, 0, {}, {}}, largest) == d20::location{10, 5});
    CHECK(d20::subscription_start(d20::location_filter{0, {}, {}, {}}, largest) == d20::location{11, 0});
    CHECK(d20::subscription_start(d20::location_filter{1, {}, {}, {}}, largest) == d20::location{10, 0});
    CHECK(d20::subscription_start(d20::location_filter{50, {}, {}, {}}, largest) == d20::location{0, 0});
    CHECK(d20::subscription_start(d20::location_filter{3, 2, 1, {}}, largest) == d20::location{3, 2});
    auto f = d20::parse_location_filter(d20::encode_location_filter({3, 2, 1, 7}));
    REQUIRE(f);
    CHECK(*f == d20::location_filter{3, 2, 1, 7});
    CHECK(d20::parse_location_filter(hex("01 02 03 04 05")).error() == moqt::errc::bad_message);
    CHECK(d20::parse_location_filter(hex("80")).error() == moqt::errc::truncated);
}

TEST_CASE("the draft-20 11.6 subgroup example reads at every split and re-encodes", "[moqt][data]") {
    // Type Flags 0x14 (Subgroup ID present), Track Alias 2, Group 0, Subgroup 0,
    // Priority 0; objects "abcd" and "efgh" with Object ID Delta 0.
    const auto stream = hex("14 02 00 00 00  00 04 61 62 63 64  00 04 65 66 67 68");
    const auto results = lal::test::all_feedings(stream, [](const auto& feeder) {
        d20::subgroup_reader r;
        std::vector<d20::subgroup_object> objects;
        feeder([&](lal::byte_span piece) {
            REQUIRE(!r.feed(piece));
            while (auto o = r.next()) objects.push_back(std::move(*o));
        });
        CHECK(r.at_boundary());
        REQUIRE(r.header());
        CHECK(r.header()->track_alias == 2u);
        CHECK(r.header()->priority == std::uint8_t{0});
        CHECK(r.header()->subgroup_id_mode == 2);
        return objects;
    });
    REQUIRE(results[0].size() == 2);
    CHECK(results[0][0].object_id == 0u);
    CHECK(results[0][0].payload == text("abcd"));
    CHECK(results[0][1].object_id == 1u);
    CHECK(results[0][1].payload == text("efgh"));
    for (const auto& r : results) CHECK(r == results[0]);

    d20::subgroup_header h;
    h.track_alias = 2;
    h.priority = 0;
    bytes again;
    d20::append_subgroup_header(h, again);
    d20::append_subgroup_object(h, std::nullopt, results[0][0], again);
    d20::append_subgroup_object(h, std::uint64_t{0}, results[0][1], again);
    CHECK(again == stream);
}

TEST_CASE("subgroup streams with properties, status objects and bad flags", "[moqt][data]") {
    d20::subgroup_header h;
    h.track_alias = 1;
    h.group_id = 9;
    h.subgroup_id_mode = 1;  // Subgroup ID = first Object ID
    h.has_properties = true;
    h.end_of_group = true;
    h.first_object = true;
    bytes s;
    d20::append_subgroup_header(h, s);
    const d20::subgroup_object a{5, d20::object_status::normal, {{0x02, 100, {}}}, text("x")};
    const d20::subgroup_object b{8, d20::object_status::end_of_group, {}, {}};
    d20::append_subgroup_object(h, std::nullopt, a, s);
    d20::append_subgroup_object(h, std::uint64_t{5}, b, s);
    d20::subgroup_reader r;
    REQUIRE(!r.feed(s));
    CHECK(r.next() == a);
    CHECK(r.next() == b);
    CHECK(r.header()->subgroup_id == 5u);
    CHECK(r.header()->end_of_group);

    for (const char* bad : {"04", "16", "81 00", "1e"}) {
        d20::subgroup_reader x;
        CHECK(x.feed(hex(bad)) == moqt::errc::bad_object);
    }
    d20::subgroup_reader status;  // status 7 is not defined
    CHECK(status.feed(hex("30 01 00  00 00 07")) == moqt::errc::bad_object);
    d20::subgroup_reader big({4});
    CHECK(big.feed(hex("30 01 00  00 05")) == moqt::errc::limit_exceeded);
}

TEST_CASE("object datagrams round-trip and invalid Type Flags are refused", "[moqt][data]") {
    const std::vector<d20::object_datagram> cases{
        {1, 2, 0, std::nullopt, false, std::nullopt, {}, text("payload")},
        {1, 2, 3, std::uint8_t{7}, true, std::nullopt, {{0x04, 1000, {}}}, text("p")},
        {1, 2, 3, std::nullopt, false, d20::object_status::end_of_track, {}, {}},
    };
    for (const auto& d : cases) {
        bytes out;
        d20::append_object_datagram(d, out);
        auto back = d20::parse_object_datagram(out);
        REQUIRE(back);
        CHECK(*back == d);
    }
    CHECK(d20::parse_object_datagram(hex("10 01 02")).error() == moqt::errc::bad_object);
    CHECK(d20::parse_object_datagram(hex("22 01 02 03 00")).error() == moqt::errc::bad_object);
    CHECK(d20::parse_object_datagram(hex("40 01 02")).error() == moqt::errc::bad_object);
    CHECK(d20::parse_object_datagram(hex("01 01 02 03 00 00")).error() == moqt::errc::bad_object);
    CHECK(d20::parse_object_datagram(hex("0c 01")).error() == moqt::errc::truncated);
    bytes f;
    d20::append_fetch_header(6, f);
    CHECK(f == hex("05 06"));
}

TEST_CASE("a publisher session answers SETUP and SUBSCRIBE and sends groups on streams", "[moqt][session]") {
    moqt::session s;
    s.start();
    auto out = s.take_output();
    REQUIRE(out.size() == 1);
    CHECK(out[0].local);
    CHECK(out[0].stream == 0u);
    auto ours = read_all(out[0].bytes);
    REQUIRE(ours.size() == 1);
    CHECK(std::get<d20::setup>(ours[0]).options[0].bytes == text("lal"));

    for (std::size_t i = 0; i < client_setup.size(); ++i)
        REQUIRE(!s.feed_uni(2, lal::byte_span(client_setup).subspan(i, 1), false));
    CHECK(s.setup_received());
    REQUIRE(!s.feed_request(0, subscribe_bytes, true));  // a requester may FIN right away (3.3.2)
    auto setups = events_of<moqt::moqt_event::setup>(s);
    (void)setups;
    moqt::session t;  // the same again, to look at the subscribe event alone
    REQUIRE(!t.feed_uni(2, client_setup, false));
    REQUIRE(!t.feed_request(0, subscribe_bytes, false));
    std::vector<moqt::event> events;
    while (auto e = t.next_event()) events.push_back(std::move(*e));
    REQUIRE(events.size() == 2);
    CHECK(std::get<moqt::moqt_event::setup>(events[0]).options[0].bytes == text("x"));
    const auto& sub = std::get<moqt::moqt_event::subscribe>(events[1]);
    CHECK(sub.request_id == 0u);
    CHECK(sub.track_name == "test");
    CHECK(sub.forward);
    CHECK(sub.filter == d20::location_filter{0, 0, std::nullopt, std::nullopt});

    REQUIRE(!s.accept_subscribe(0, d20::location{5, 3}));
    CHECK(s.subscriptions_for({"live"}, "test") == std::vector<std::uint64_t>{0});
    REQUIRE(!s.send_object(0, 5, 3, text("old")));  // before the Next Object: dropped
    REQUIRE(!s.send_object(0, 5, 4, text("a")));
    REQUIRE(!s.send_object(0, 5, 5, text("b")));
    REQUIRE(!s.send_object(0, 6, 0, text("key")));
    CHECK(s.send_object(0, 6, 0, text("again")) == moqt::errc::bad_state);
    REQUIRE(!s.finish_subscription(0, d20::publish_done_code::track_ended, "bye"));
    out = s.take_output();

    bytes request_stream;
    std::map<std::uint64_t, bytes> data;
    std::map<std::uint64_t, bool> fins;
    for (const auto& o : out) {
        CHECK(!o.reset);
        if (o.local) {
            data[o.stream].insert(data[o.stream].end(), o.bytes.begin(), o.bytes.end());
            fins[o.stream] = fins[o.stream] || o.fin;
        } else {
            CHECK(o.stream == 0u);
            request_stream.insert(request_stream.end(), o.bytes.begin(), o.bytes.end());
        }
    }
    CHECK(out.back().fin);
    auto answers = read_all(request_stream);
    REQUIRE(answers.size() == 2);
    const auto& ok = std::get<d20::subscribe_ok>(answers[0]);
    const auto* largest = d20::find_param(ok.params, d20::param::largest_object);
    REQUIRE(largest);
    CHECK(largest->where == d20::location{5, 3});
    const auto& done = std::get<d20::publish_done>(answers[1]);
    CHECK(done.stream_count == 2u);
    CHECK(done.status_code == d20::publish_done_code::track_ended);

    REQUIRE(data.size() == 2);
    CHECK(fins[1]);
    CHECK(fins[2]);
    std::vector<std::pair<std::uint64_t, std::string>> got;
    for (auto& [id, b] : data) {
        d20::subgroup_reader r;
        REQUIRE(!r.feed(b));
        CHECK(r.at_boundary());
        CHECK(r.header()->track_alias == ok.track_alias);
        while (auto o = r.next()) got.emplace_back(r.header()->group_id * 100 + o->object_id, std::string(lal::as_string_view(o->payload)));
    }
    CHECK(got == std::vector<std::pair<std::uint64_t, std::string>>{{504, "a"}, {505, "b"}, {600, "key"}});
}

TEST_CASE("a publisher session refuses what it does not serve and handles cancels", "[moqt][session]") {
    moqt::session s;
    REQUIRE(!s.feed_uni(2, client_setup, false));
    // FETCH with Request ID 2: answered NOT_SUPPORTED and FIN.
    REQUIRE(!s.feed_request(4, wire(d20::fetch{{2, {"live"}, "test", {}}}), false));
    auto out = s.take_output();
    REQUIRE(out.size() == 1);
    CHECK(out[0].fin);
    CHECK(std::get<d20::request_error>(read_all(out[0].bytes)[0]).error_code == d20::request_error_code::not_supported);

    // A SUBSCRIBE the application refuses.
    REQUIRE(!s.feed_request(8, wire(d20::subscribe{4, {"live"}, "none", {}}), false));
    REQUIRE(!s.reject(4, d20::request_error_code::does_not_exist, "no such stream"));
    out = s.take_output();
    REQUIRE(out.size() == 1);
    CHECK(std::get<d20::request_error>(read_all(out[0].bytes)[0]).error_code == d20::request_error_code::does_not_exist);

    // A SUBSCRIBE, then Forward 0 through REQUEST_UPDATE, then a cancel.
    REQUIRE(!s.feed_request(12, wire(d20::subscribe{6, {"live"}, "test", {}}), false));
    REQUIRE(!s.accept_subscribe(6, std::nullopt));
    REQUIRE(!s.send_object(6, 0, 0, text("k")));
    REQUIRE(!s.feed_request(12, wire(d20::request_update{8, {{d20::param::forward, 0, {}, {}}}}), false));
    REQUIRE(!s.send_object(6, 0, 1, text("dropped")));
    s.on_request_reset(12);
    out = s.take_output();
    REQUIRE(out.size() == 5);
    CHECK(std::holds_alternative<d20::subscribe_ok>(read_all(out[0].bytes)[0]));
    CHECK(out[1].local);
    CHECK(std::holds_alternative<d20::request_ok>(read_all(out[2].bytes)[0]));
    CHECK(out[3].local);
    CHECK(out[3].reset == 0x1u);  // 3.3.4 CANCELLED on the data stream and the request stream
    CHECK(out[4].stream == 12u);
    CHECK(out[4].reset == 0x1u);
    auto cancels = events_of<moqt::moqt_event::unsubscribe>(s);
    REQUIRE(cancels.size() == 1);
    CHECK(cancels[0].request_id == 6u);
    CHECK(s.subscriptions_for({"live"}, "test").empty());
    CHECK(s.send_object(6, 0, 2, text("x")) == moqt::errc::bad_state);
}

TEST_CASE("answered requests free their streams, so long sessions stay within the limits", "[moqt][session]") {
    moqt::session s;
    REQUIRE(!s.feed_uni(2, client_setup, false));
    for (std::uint64_t i = 0; i < 600; ++i) {
        const std::uint64_t stream = 4 * i;
        if (i % 2 == 0) {
            REQUIRE(!s.feed_request(stream, wire(d20::track_status{{2 * i, {"live"}, "test", {}}}), true));
            REQUIRE(!s.answer_track_status(2 * i, d20::location{1, 2}));
        } else {
            REQUIRE(!s.feed_request(stream, wire(d20::subscribe{2 * i, {"live"}, "test", {}}), false));
            REQUIRE(!s.accept_subscribe(2 * i, std::nullopt));
            REQUIRE(!s.finish_subscription(2 * i, d20::publish_done_code::track_ended, ""));
            REQUIRE(!s.feed_request(stream, {}, true));
        }
    }
    auto out = s.take_output();
    CHECK(out.size() == 600);
    auto status = read_all(out[0].bytes);
    REQUIRE(status.size() == 1);
    CHECK(d20::find_param(std::get<d20::request_ok>(status[0]).params, d20::param::largest_object)->where ==
          d20::location{1, 2});
}

TEST_CASE("a publisher session ends on protocol violations, with draft-20 3.5 codes", "[moqt][session]") {
    auto ready = [] {
        moqt::session s;
        REQUIRE(!s.feed_uni(2, client_setup, false));
        return s;
    };
    {
        auto s = ready();
        auto ec = s.feed_request(0, wire(d20::subscribe{1, {"live"}, "t", {}}), false);
        CHECK(ec == moqt::errc::invalid_request_id);
        CHECK(moqt::termination_code(ec) == 0x4u);
        CHECK(s.feed_request(4, {}, false) == ec);  // dead from now on
    }
    {
        auto s = ready();
        REQUIRE(!s.feed_request(0, wire(d20::subscribe{0, {"live"}, "t", {}}), false));
        CHECK(s.feed_request(4, wire(d20::subscribe{0, {"live"}, "t", {}}), false) == moqt::errc::invalid_request_id);
    }
    {
        auto s = ready();
        auto ec = s.feed_request(0, wire(d20::subscribe_ok{}), false);
        CHECK(ec == moqt::errc::unknown_message);
        CHECK(moqt::termination_code(ec) == 0x3u);
    }
    {
        auto s = ready();
        CHECK(s.feed_uni(6, client_setup, false) == moqt::errc::unknown_message);  // a second control stream
    }
    {
        auto s = ready();
        CHECK(s.feed_uni(2, {}, true) == moqt::errc::bad_message);  // the control stream closed
    }
    {
        auto s = ready();
        CHECK(s.feed_uni(6, hex("06"), false) == moqt::errc::unknown_stream_type);
    }
    {
        auto s = ready();
        REQUIRE(!s.feed_uni(6, hex("14 00 00 00 00"), true));  // data from a subscriber is dropped
        CHECK(s.feed_request(0, hex("03 00 04 00 00 00 01"), false) == moqt::errc::truncated);
    }
    {
        auto s = ready();  // only GOAWAY may follow SETUP on the control stream
        CHECK(s.feed_uni(2, wire(d20::subscribe{0, {"a"}, "t", {}}), false) == moqt::errc::unknown_message);
    }
    {
        auto s = ready();  // a client's GOAWAY carries no URI (10.4)
        CHECK(s.feed_uni(2, wire(d20::goaway{"x", 0}), false) == moqt::errc::bad_message);
    }
    {
        auto s = ready();
        REQUIRE(!s.feed_request(0, subscribe_bytes, false));
        CHECK(s.feed_request(0, lal::byte_span(subscribe_bytes).first(5), true) == moqt::errc::truncated);
    }
    {
        moqt::session s({{16384, 1, 256}, "lal"});
        REQUIRE(!s.feed_request(0, wire(d20::subscribe{0, {"a"}, "t", {}}), false));
        CHECK(s.feed_request(4, wire(d20::subscribe{2, {"a"}, "t", {}}), false) == moqt::errc::limit_exceeded);
    }
}

TEST_CASE("a publisher session answers SUBSCRIBE_NAMESPACE and lists namespaces on its stream", "[moqt][session]") {
    moqt::session s;
    REQUIRE(!s.feed_uni(2, client_setup, false));
    // SUBSCRIBE_NAMESPACE (10.19) by hand: type 0x50, Request ID 0, prefix ("live"), no parameters.
    const bytes request = hex("50 00 08  00  01 04 6c 69 76 65  00");
    for (std::size_t i = 0; i < request.size(); ++i)
        REQUIRE(!s.feed_request(0, lal::byte_span(request).subspan(i, 1), false));
    auto subs = events_of<moqt::moqt_event::subscribe_namespace>(s);
    REQUIRE(subs.size() == 1);
    CHECK(subs[0].request_id == 0u);
    CHECK(subs[0].prefix == d20::track_namespace{"live"});
    CHECK(s.send_namespace(0, {"test.msf"}) == moqt::errc::bad_state);  // not accepted yet
    REQUIRE(!s.accept_subscribe_namespace(0));
    CHECK(s.accept_subscribe_namespace(0) == moqt::errc::bad_state);
    REQUIRE(!s.send_namespace(0, {"test.msf"}));
    REQUIRE(!s.send_namespace(0, {"test.msf"}, true));
    CHECK(s.send_object(0, 0, 0, text("x")) == moqt::errc::bad_state);  // not a subscription
    auto out = s.take_output();
    REQUIRE(out.size() == 1);
    CHECK(!out[0].local);
    CHECK(!out[0].fin);
    // REQUEST_OK, NAMESPACE (0x08) and NAMESPACE_DONE (0x0E) with the suffix ("test.msf").
    CHECK(out[0].bytes == hex("07 00 01 00  08 00 0a 01 08 74 65 73 74 2e 6d 73 66  0e 00 0a 01 08 74 65 73 74 2e 6d 73 66"));
    auto answers = read_all(out[0].bytes);
    REQUIRE(answers.size() == 3);
    CHECK(std::get<d20::namespace_msg>(answers[1]).suffix == d20::track_namespace{"test.msf"});
    CHECK(std::get<d20::namespace_done>(answers[2]).suffix == d20::track_namespace{"test.msf"});
    s.on_request_reset(0);  // the client stops listening
    auto gone = events_of<moqt::moqt_event::unsubscribe>(s);
    REQUIRE(gone.size() == 1);
    CHECK(gone[0].request_id == 0u);
    CHECK(s.send_namespace(0, {"x"}) == moqt::errc::bad_state);
}
