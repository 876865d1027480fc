// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/server_session.hpp>

#include "hex.hpp"
#include "rtmp_test_util.hpp"
#include "session_harness.hpp"

using namespace lal::rtmp;
using lal::byte_span;
using lal::rtmp::test::events_of;
using lal::rtmp::test::flatten;
using lal::rtmp::test::make_message;
using lal::rtmp::test::patterned_message;
using lal::rtmp::test::pseudo_random;

namespace {

// A client written out by hand: handshake, then whatever messages a test wants.
struct raw_client {
    std::vector<std::byte> wire;  // client -> server bytes
    chunk_encoder encoder;
    chunk_decoder decoder;        // reads server -> client bytes after S0S1S2

    raw_client() {
        client_handshake hs(pseudo_random(11), 0);
        wire = hs.take_output();
        // A server_handshake answer can be computed the same way the server does;
        // C2 only has to be 1536 bytes for the server to go on.
        std::vector<std::byte> c2(handshake_size, std::byte{0x5a});
        wire.insert(wire.end(), c2.begin(), c2.end());
    }
    void send(const message& m) { encoder.encode(m, wire); }
    void command(std::string_view name, double tid, std::vector<amf0::value> args = {}, std::uint32_t msid = 0) {
        send(make_command(lal::rtmp::command{std::string(name), tid, amf0::null{}, std::move(args)}, msid));
    }
    void connect(std::string_view app = "live", std::string_view tc_url = "rtmp://localhost/live") {
        connect_params p;
        p.app = std::string(app);
        p.tc_url = std::string(tc_url);
        send(make_connect(p, 1));
    }
};

// Reads what the server sent: skips S0S1S2 and decodes the chunk stream.
struct server_output {
    std::vector<std::byte> bytes;
    std::size_t handshake_left = 1 + 2 * handshake_size;
    chunk_decoder decoder;
    std::vector<message> messages;

    void add(const std::vector<lal::payload>& buffers) {
        auto in = flatten(buffers);
        byte_span s(in);
        auto skip = std::min(handshake_left, s.size());
        handshake_left -= skip;
        REQUIRE_FALSE(decoder.feed(s.subspan(skip)));
        while (auto m = decoder.next()) messages.push_back(std::move(*m));
    }
    // "name" of a command or data message, or "#<type>" for others.
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& m : messages) {
            if (m.type_id == message_type::command_amf0) out.push_back(parse_command(m).value().name);
            else if (m.type_id == message_type::data_amf0) out.push_back(parse_data(m).value().name);
            else out.push_back("#" + std::to_string(m.type_id));
        }
        return out;
    }
    command command_at(std::size_t i) const { return parse_command(messages.at(i)).value(); }
};

std::vector<server_event> drain(server_session& s,
                                const lal::rtmp::test::server_policy& policy = lal::rtmp::test::accept_all) {
    std::vector<server_event> seen;
    lal::rtmp::test::drain_server(s, seen, policy);
    return seen;
}

std::string status_code(const command& c) {
    return std::string(c.arg(0)->get("code")->as_string().value_or(""));
}

}  // namespace

TEST_CASE("the server answers connect with window, bandwidth, chunk size, _result and onBWDone",
          "[rtmp][session]") {
    raw_client client;
    client.connect("live?token=abc", "rtmp://localhost/live?token=abc");
    server_options opts;
    opts.chunk_size = 60000;
    server_session server(opts, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    auto events = drain(server);
    auto connects = events_of<server_events::connect>(events);
    REQUIRE(connects.size() == 1);
    CHECK(connects[0].app == "live");
    CHECK(connects[0].query == "token=abc");
    CHECK(connects[0].tc_url == "rtmp://localhost/live?token=abc");
    CHECK(server.app() == "live");

    server_output out;
    out.add(server.take_output());
    REQUIRE(out.names() == std::vector<std::string>{"#5", "#6", "#1", "_result", "onBWDone"});
    CHECK(parse_u32_control(out.messages[0].body.bytes()).value() == 2500000);
    CHECK(parse_set_peer_bandwidth(out.messages[1].body.bytes()).value() ==
          peer_bandwidth{2500000, bandwidth_limit::dynamic});
    CHECK(parse_u32_control(out.messages[2].body.bytes()).value() == 60000);
    auto result = out.command_at(3);
    CHECK(result.transaction_id == 1);
    CHECK(result.object.get("fmsVer")->as_string() == "FMS/3,0,1,123");
    CHECK(status_code(result) == "NetConnection.Connect.Success");
    CHECK(result.arg(0)->get("objectEncoding")->as_number() == 0);
    CHECK(server.out_chunk_size() == 60000);
}

TEST_CASE("an Enhanced RTMP client's fourCcList is answered with the FourCCs the server accepts",
          "[rtmp][session][enhanced]") {
    // A client as OBS 30 / ffmpeg 6.1 connects: fourCcList in the command object.
    raw_client client;
    connect_params p;
    p.app = "live";
    p.tc_url = "rtmp://localhost/live";
    p.fourcc_list = {"av01", "vp09", "hvc1", "xxxx"};
    client.send(make_connect(p, 1));
    server_session server(server_options{}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    auto events = drain(server);
    auto connects = events_of<server_events::connect>(events);
    REQUIRE(connects.size() == 1);
    CHECK(connects[0].fourcc_list == std::vector<std::string>{"av01", "vp09", "hvc1", "xxxx"});
    server_output out;
    out.add(server.take_output());
    auto result = out.command_at(3);
    REQUIRE(result.name == "_result");
    const auto* list = result.object.get("fourCcList");
    REQUIRE(list != nullptr);
    REQUIRE(list->as_strict_array() != nullptr);
    std::vector<std::string> answered;
    for (const auto& v : list->as_strict_array()->items) answered.emplace_back(*v.as_string());
    CHECK(answered == std::vector<std::string>{"av01", "vp09", "hvc1"});
}

TEST_CASE("an Enhanced RTMP v2 client's capsEx and FourCcInfoMaps are answered with the server's",
          "[rtmp][session][enhanced]") {
    // As OBS 31 connects: capsEx, a video map (with a FourCC lal lacks) and an audio ECMA-array map.
    raw_client client;
    lal::flv::amf0::object o{{"app", "live"}, {"tcUrl", "rtmp://localhost/live"}, {"capsEx", 15.0},
                             {"videoFourCcInfoMap", lal::flv::amf0::object{{"hvc1", 7.0}, {"xxxx", 1.0}}},
                             {"audioFourCcInfoMap", lal::flv::amf0::ecma_array{{"Opus", 7.0}}}};
    client.send(make_command(command{"connect", 1, o, {}}));
    server_session server(server_options{}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    drain(server);
    server_output out;
    out.add(server.take_output());
    auto result = out.command_at(3);
    REQUIRE(result.name == "_result");
    CHECK(result.object.get("capsEx")->as_number() == 12.0);  // ModEx and nanosecond offsets; no multitrack
    const auto* video = result.object.get("videoFourCcInfoMap")->as_object();
    const auto* audio = result.object.get("audioFourCcInfoMap")->as_object();
    REQUIRE(video != nullptr);
    REQUIRE(audio != nullptr);
    CHECK(video->size() == 1);
    CHECK(video->get("hvc1")->as_number() == 4.0);  // CanForward: relayed as it came
    CHECK(audio->size() == 1);
    CHECK(audio->get("Opus")->as_number() == 4.0);
    CHECK(result.object.get("fourCcList") == nullptr);  // the client sent no v1 list
    // capsEx alone: every FourCC lal accepts is announced.
    CHECK(lal::rtmp::v2_fourccs_of(lal::flv::amf0::object{{"capsEx", 4.0}})->empty());
    CHECK_FALSE(lal::rtmp::v2_fourccs_of(lal::flv::amf0::object{{"app", "live"}}).has_value());
    auto all = lal::rtmp::make_connect_result(1, "FMS/3,0,1,123", 0, {}, lal::rtmp::default_fourcc_list());
    auto parsed = lal::rtmp::parse_command(all);
    REQUIRE(parsed);
    CHECK(parsed->object.get("videoFourCcInfoMap")->as_object()->size() == 4);
    CHECK(parsed->object.get("audioFourCcInfoMap")->as_object()->size() == 6);
}

TEST_CASE("a legacy client's connect _result has no fourCcList", "[rtmp][session][enhanced]") {
    raw_client client;
    client.connect();
    server_session server(server_options{}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    drain(server);
    server_output out;
    out.add(server.take_output());
    CHECK(out.command_at(3).object.get("fourCcList") == nullptr);
    CHECK(out.command_at(3).object.get("capsEx") == nullptr);
}

TEST_CASE("commands sent before a decision are answered after it, in order", "[rtmp][session]") {
    raw_client client;
    client.connect();
    client.command("releaseStream", 2, {"test"});
    client.command("FCPublish", 3, {"test"});
    client.command("createStream", 4);
    client.command("publish", 5, {"test", "live"}, 1);
    server_session server({}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));

    auto ev = server.next_event();
    REQUIRE(ev);
    REQUIRE(std::holds_alternative<server_events::connect>(*ev));
    CHECK_FALSE(server.next_event());  // waits for the decision
    CHECK(server.decision_pending());
    server_output out;
    out.add(server.take_output());
    CHECK(out.messages.empty());

    server.accept_connect();
    ev = server.next_event();
    REQUIRE(ev);
    auto* publish = std::get_if<server_events::publish>(&*ev);
    REQUIRE(publish);
    CHECK(publish->stream_id == 1);
    server.accept_publish(*publish);
    CHECK_FALSE(server.next_event());
    out.add(server.take_output());
    REQUIRE(out.names() == std::vector<std::string>{"#5", "#6", "#1", "_result", "onBWDone", "_result", "_result",
                                                    "_result", "onFCPublish", "onStatus"});
    CHECK(out.command_at(5).transaction_id == 2);
    CHECK(out.command_at(6).transaction_id == 3);
    CHECK(out.command_at(7).transaction_id == 4);
    CHECK(out.command_at(7).arg(0)->as_number() == 1);  // stream id 1
    CHECK(status_code(out.command_at(9)) == "NetStream.Publish.Start");
    CHECK(out.messages[9].message_stream_id == 1);
}

TEST_CASE("unknown commands get _error with a transaction id and are ignored without", "[rtmp][session]") {
    raw_client client;
    client.connect();
    client.command("createStream", 2);
    client.command("someVendorCall", 3, {"x"});
    client.command("someNotification", 0);
    client.command("play2", 4, {amf0::object{{"streamName", "hd"}}}, 1);
    client.command("getStreamLength", 5, {"test"}, 1);
    client.command("_checkbw", 6);
    client.command("FCSubscribe", 7, {"test"});
    client.command("play", 8, {"test", -1000}, 1);
    server_session server({}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    auto events = drain(server);
    REQUIRE(events_of<server_events::play>(events).size() == 1);
    CHECK(events_of<server_events::play>(events)[0].start == -1000);
    CHECK(events_of<server_events::error>(events).empty());
    CHECK_FALSE(server.wants_close());

    server_output out;
    out.add(server.take_output());
    auto names = out.names();
    REQUIRE(names.size() >= 12);
    // After connect's five: createStream, then the answers in order.
    CHECK(names[5] == "_result");
    CHECK(names[6] == "_error");
    CHECK(out.command_at(6).transaction_id == 3);
    CHECK(status_code(out.command_at(6)) == "NetConnection.Call.Failed");
    CHECK(names[7] == "_error");  // play2 refused
    CHECK(out.command_at(7).transaction_id == 4);
    CHECK(status_code(out.command_at(7)) == "NetStream.Play.Failed");
    CHECK(names[8] == "_result");  // getStreamLength: 0
    CHECK(out.command_at(8).arg(0)->as_number() == 0);
    CHECK(names[9] == "_result");
    CHECK(out.command_at(9).transaction_id == 6);
    CHECK(names[10] == "_result");
    CHECK(out.command_at(10).transaction_id == 7);
    // Then the play answers.
    REQUIRE(std::vector<std::string>(names.begin() + 11, names.end()) ==
            std::vector<std::string>{"#4", "onStatus", "onStatus", "|RtmpSampleAccess", "onStatus"});
    CHECK(parse_user_control(out.messages[11].body.bytes()).value() == user_control{user_event::stream_begin, 1});
    CHECK(status_code(out.command_at(12)) == "NetStream.Play.Reset");
    CHECK(status_code(out.command_at(13)) == "NetStream.Play.Start");
    auto data_start = parse_data(out.messages[15]).value();
    CHECK(data_start.values.at(0).get("code")->as_string() == "NetStream.Data.Start");
}

TEST_CASE("the server answers pings and acknowledges each window", "[rtmp][session]") {
    raw_client client;
    client.connect();
    client.send(make_window_ack_size(5000));
    client.send(make_ping_request(777));
    server_session server({}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    drain(server);
    server_output out;
    out.add(server.take_output());
    auto names = out.names();
    REQUIRE(names.back() == "#4");
    CHECK(parse_user_control(out.messages.back().body.bytes()).value() == user_control{user_event::ping_response, 777});
    // The handshake and connect are about 3300 bytes: no acknowledgement yet.
    CHECK(server.bytes_received() < 5000);
    CHECK(std::count(names.begin(), names.end(), "#3") == 0);

    // 6000 more bytes of data messages: one acknowledgement, of all bytes so far.
    client.wire.clear();
    for (int i = 0; i < 6; ++i) client.send(patterned_message(message_type::data_amf0, 0, 1, 5, 1000));
    REQUIRE_FALSE(server.feed(client.wire));
    drain(server);
    out.add(server.take_output());
    names = out.names();
    CHECK(std::count(names.begin(), names.end(), "#3") == 1);
    CHECK(parse_u32_control(out.messages.back().body.bytes()).value() == server.bytes_received());

    server.send_ping(1234);
    out.add(server.take_output());
    CHECK(parse_user_control(out.messages.back().body.bytes()).value() == user_control{user_event::ping_request, 1234});
}

TEST_CASE("publisher quirks: @setDataFrame, plain onMetaData, aggregates, media before acceptance",
          "[rtmp][session]") {
    raw_client client;
    client.connect();
    client.command("createStream", 2);
    // Media before publish is dropped.
    client.send(make_message(message_type::video, 0, 1, 6, "1700"));
    client.command("publish", 0, {"cam?x=1", "record"}, 1);
    auto meta_body = std::string("02000a6f6e4d65746144617461 03 0005 7769647468 00 4000000000000000 000009");
    auto frame = make_message(message_type::data_amf0, 0, 1, 4,
                              "02000d40736574446174614672616d65" + meta_body);  // "@setDataFrame"
    client.send(frame);
    client.send(make_message(message_type::data_amf0, 0, 1, 4, meta_body));
    client.send(make_message(message_type::data_amf0, 0, 1, 4, "02000a6f6e437565506f696e74 05"));  // onCuePoint
    // An aggregate with a video and an audio message, aggregate timestamp 2000.
    client.send(make_message(message_type::aggregate, 2000, 1, 7,
                             "09 000002 000064 00 000001 1701 0000000d"
                             "08 000001 00006e 00 000001 af 0000000c"));
    client.send(make_message(message_type::audio, 2100, 1, 6, "af01"));
    server_session server({}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    auto events = drain(server);
    auto publishes = events_of<server_events::publish>(events);
    REQUIRE(publishes.size() == 1);
    CHECK(publishes[0].stream_name == "cam");
    CHECK(publishes[0].query == "x=1");
    CHECK(publishes[0].type == "record");

    auto metas = events_of<server_events::metadata>(events);
    REQUIRE(metas.size() == 2);
    CHECK(lal::test::to_hex(metas[0].msg.body.bytes()) == lal::test::to_hex(lal::test::hex(meta_body)));
    CHECK(metas[0].msg.body == metas[1].msg.body);
    auto media = events_of<server_events::media>(events);
    REQUIRE(media.size() == 4);
    CHECK(media[0].msg.type_id == message_type::data_amf0);  // onCuePoint passes through
    CHECK(media[1].msg.type_id == message_type::video);
    CHECK(media[1].msg.timestamp == 2000);
    CHECK(media[2].msg.type_id == message_type::audio);
    CHECK(media[2].msg.timestamp == 2010);
    CHECK(media[3].msg.timestamp == 2100);
    CHECK(media[3].msg.message_stream_id == 1);
}

TEST_CASE("deleteStream and closeStream end publishing and playing streams once", "[rtmp][session]") {
    raw_client client;
    client.connect();
    client.command("createStream", 2);
    client.command("createStream", 3);
    client.command("publish", 0, {"a"}, 1);
    client.command("play", 0, {"b"}, 2);
    client.command("FCUnpublish", 4, {"a"});
    client.command("deleteStream", 5, {1});
    client.command("closeStream", 0, {}, 2);
    client.command("deleteStream", 0, {2});
    client.command("createStream", 6);
    server_session server({}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    auto events = drain(server);
    auto unpublishes = events_of<server_events::unpublish>(events);
    REQUIRE(unpublishes.size() == 1);
    CHECK(unpublishes[0].stream_name == "a");
    auto stops = events_of<server_events::stop_play>(events);
    REQUIRE(stops.size() == 1);
    CHECK(stops[0].stream_name == "b");
    CHECK(stops[0].stream_id == 2);
    server_output out;
    out.add(server.take_output());
    // The last createStream reuses the lowest free id.
    CHECK(out.command_at(out.messages.size() - 1).arg(0)->as_number() == 1);
}

TEST_CASE("deleteStream with an id that is not a 32-bit number names no stream", "[rtmp][session]") {
    // Found by fuzzing: the id was cast to 32 bits unchecked.
    raw_client client;
    client.connect();
    client.command("createStream", 2);
    client.command("publish", 0, {"a"}, 1);
    client.command("deleteStream", 3, {std::nan("")});
    client.command("deleteStream", 4, {-1e300});
    client.command("deleteStream", 5, {4294967297.0});
    client.command("createStream", 6);
    server_session server({}, pseudo_random(2), 0);
    REQUIRE_FALSE(server.feed(client.wire));
    auto events = drain(server);
    CHECK(events_of<server_events::unpublish>(events).empty());
    CHECK_FALSE(server.wants_close());
    server_output out;
    out.add(server.take_output());
    // Stream 1 is still there, so the next createStream gets 2.
    CHECK(out.command_at(out.messages.size() - 1).arg(0)->as_number() == 2);
}

TEST_CASE("the server session gives the same events and answers however the bytes are cut",
          "[rtmp][session]") {
    raw_client client;
    client.connect();
    client.command("releaseStream", 2, {"test"});
    client.command("createStream", 3);
    client.command("publish", 0, {"test"}, 1);
    client.send(make_window_ack_size(100000));
    for (std::uint32_t i = 0; i < 5; ++i) {
        client.send(patterned_message(message_type::video, i * 40, 1, 7, 300 + i * 50, i));
        client.send(patterned_message(message_type::audio, i * 40 + 3, 1, 6, 20, i));
    }
    struct outcome {
        std::size_t events = 0;
        std::vector<std::byte> output;
        std::vector<lal::payload> media;
        bool operator==(const outcome&) const = default;
    };
    auto run = [&](std::size_t piece) {
        server_session server({}, pseudo_random(2), 0);
        outcome o;
        for (std::size_t at = 0; at < client.wire.size(); at += piece) {
            auto n = std::min(piece, client.wire.size() - at);
            REQUIRE_FALSE(server.feed(byte_span(client.wire).subspan(at, n)));
            for (auto& ev : drain(server)) {
                ++o.events;
                if (auto* m = std::get_if<server_events::media>(&ev)) o.media.push_back(m->msg.body);
            }
            auto bytes = flatten(server.take_output());
            o.output.insert(o.output.end(), bytes.begin(), bytes.end());
        }
        return o;
    };
    auto whole = run(client.wire.size());
    CHECK(whole.events == 12);  // connect, publish, 10 media
    CHECK(whole.media.size() == 10);
    for (std::size_t piece : {1u, 2u, 3u, 7u, 100u, 1537u}) {
        INFO("pieces of " << piece);
        CHECK(run(piece) == whole);
    }
}

TEST_CASE("the server session turns bad input into errors", "[rtmp][session]") {
    SECTION("a wrong version byte") {
        server_session server({}, pseudo_random(2), 0);
        auto garbage = lal::test::bytes_of("GET / HTTP/1.1\r\n");
        CHECK(server.feed(garbage) == errc::bad_version);
        CHECK(server.wants_close());
        CHECK(server.error() == errc::bad_version);
        CHECK(server.feed(garbage) == errc::bad_version);
    }
    SECTION("Set Chunk Size 2^31-1") {
        raw_client client;
        client.send(make_message(message_type::set_chunk_size, 0, 0, 2, "7fffffff"));
        server_session server({}, pseudo_random(2), 0);
        CHECK(server.feed(client.wire) == errc::chunk_size_too_large);
        CHECK(server.wants_close());
    }
    SECTION("a 16 MiB message") {
        raw_client client;
        auto header = lal::test::hex("04 000000 ffffff 09 01000000");  // length 0xffffff
        client.wire.insert(client.wire.end(), header.begin(), header.end());
        server_session server({}, pseudo_random(2), 0);
        CHECK(server.feed(client.wire) == errc::message_too_large);
    }
    SECTION("a command that is not AMF0") {
        raw_client client;
        client.send(make_message(message_type::command_amf0, 0, 0, 3, "ffff"));
        server_session server({}, pseudo_random(2), 0);
        REQUIRE_FALSE(server.feed(client.wire));
        auto events = drain(server);
        REQUIRE(events.size() == 1);
        CHECK(std::get<server_events::error>(events[0]).code == errc::bad_command);
        CHECK(server.wants_close());
    }
    SECTION("commands before connect are refused without ending the session") {
        raw_client client;
        client.command("createStream", 2);
        client.connect();
        server_session server({}, pseudo_random(2), 0);
        REQUIRE_FALSE(server.feed(client.wire));
        auto events = drain(server);
        CHECK(events_of<server_events::connect>(events).size() == 1);
        server_output out;
        out.add(server.take_output());
        CHECK(out.names().front() == "_error");
    }
}

TEST_CASE("the server session survives random bytes after a good handshake", "[rtmp][session]") {
    std::mt19937 rng(99);
    for (int round = 0; round < 300; ++round) {
        raw_client client;
        client.connect();
        std::vector<std::byte> junk(rng() % 2000);
        for (auto& b : junk) b = static_cast<std::byte>(rng());
        // Sometimes junk inside a valid command chunk, sometimes raw junk.
        if (round % 2 == 0) {
            message m;
            m.type_id = static_cast<std::uint8_t>(rng() % 24);
            m.message_stream_id = rng() % 3;
            m.chunk_stream_id = 3;
            m.body = lal::payload::copy_from(junk);
            client.send(m);
        } else {
            client.wire.insert(client.wire.end(), junk.begin(), junk.end());
        }
        server_session server({}, pseudo_random(2), 0);
        (void)server.feed(client.wire);
        drain(server);
        (void)server.take_output();
    }
    SUCCEED("no crash, no sanitizer report");
}
