// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/client_session.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp/handshake.hpp>

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

// A server written out by hand: answers the handshake, reads the client's
// messages, and sends whatever a test wants.
struct raw_server {
    server_handshake hs{pseudo_random(21), 0};
    chunk_decoder decoder;
    chunk_encoder encoder;
    std::vector<message> received;
    std::vector<std::byte> to_client;

    void from_client(const std::vector<lal::payload>& buffers) {
        auto in = flatten(buffers);
        byte_span s(in);
        if (!hs.done()) {
            auto used = hs.feed(s);
            REQUIRE(used.has_value());
            auto reply = hs.take_output();
            to_client.insert(to_client.end(), reply.begin(), reply.end());
            s = s.subspan(*used);
        }
        REQUIRE_FALSE(decoder.feed(s));
        while (auto m = decoder.next()) received.push_back(std::move(*m));
    }
    void send(const message& m) { encoder.encode(m, to_client); }
    std::vector<std::byte> take() { return std::exchange(to_client, {}); }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& m : received) {
            if (m.type_id == message_type::command_amf0) out.push_back(parse_command(m).value().name);
            else out.push_back("#" + std::to_string(m.type_id));
        }
        return out;
    }
    command command_named(std::string_view name) const {
        for (const auto& m : received) {
            if (m.type_id == message_type::command_amf0 && parse_command(m).value().name == name) {
                return parse_command(m).value();
            }
        }
        FAIL("no command " << name);
        return {};
    }
};

client_options options(client_role role) {
    client_options o;
    o.app = "live";
    o.tc_url = "rtmp://example.com/live";
    o.stream_name = "test";
    o.role = role;
    return o;
}

// Runs one exchange: client output to the server, then the server's bytes back.
std::vector<client_event> exchange(client_session& client, raw_server& server) {
    server.from_client(client.take_output());
    auto down = server.take();
    std::vector<client_event> events;
    if (!down.empty()) REQUIRE_FALSE(client.feed(down));
    while (auto ev = client.next_event()) events.push_back(std::move(*ev));
    return events;
}

}  // namespace

TEST_CASE("a publishing client sends chunk size and connect, then the encoder sequence", "[rtmp][session]") {
    client_session client(options(client_role::publish), pseudo_random(1), 0);
    raw_server server;
    // C0+C1 are out at once; S0S1S2 back; then C2, Set Chunk Size and connect.
    CHECK(client.output_bytes_pending() == 1 + handshake_size);
    exchange(client, server);
    exchange(client, server);
    REQUIRE(server.names() == std::vector<std::string>{"#1", "connect"});
    CHECK(parse_u32_control(server.received[0].body.bytes()).value() == 4096);
    auto connect = server.command_named("connect");
    CHECK(connect.transaction_id == 1);
    CHECK(connect.object.get("app")->as_string() == "live");
    CHECK(connect.object.get("tcUrl")->as_string() == "rtmp://example.com/live");
    CHECK(connect.object.get("type")->as_string() == "nonprivate");
    CHECK(connect.object.get("flashVer")->as_string() == "FMLE/3.0 (compatible; lal)");

    server.send(make_window_ack_size(2500000));
    server.send(make_set_peer_bandwidth(2500000, bandwidth_limit::dynamic));
    server.send(make_set_chunk_size(4096));
    server.encoder.set_chunk_size(4096);
    server.send(make_connect_result(1, "FMS/3,0,1,123", 0));
    server.send(make_on_bw_done());
    auto events = exchange(client, server);
    REQUIRE(events.size() == 1);
    REQUIRE(std::holds_alternative<client_events::connected>(events[0]));
    exchange(client, server);
    // Window Ack Size answers Set Peer Bandwidth; then releaseStream, FCPublish, createStream.
    REQUIRE(server.names() ==
            std::vector<std::string>{"#1", "connect", "#5", "releaseStream", "FCPublish", "createStream"});
    CHECK(parse_u32_control(server.received[2].body.bytes()).value() == 2500000);
    CHECK(server.command_named("releaseStream").arg(0)->as_string() == "test");
    auto create = server.command_named("createStream");

    // The server answers releaseStream with an _error, which means nothing.
    server.send(make_command_error(2, "NetConnection.Call.Failed", "no"));
    server.send(make_create_stream_result(create.transaction_id, 7));
    events = exchange(client, server);
    REQUIRE(events.size() == 1);
    CHECK(std::get<client_events::stream_created>(events[0]).stream_id == 7);
    CHECK_FALSE(client.send(make_message(message_type::audio, 0, 0, 0, "af")));  // not publishing yet
    exchange(client, server);
    auto publish = server.command_named("publish");
    CHECK(publish.arg(0)->as_string() == "test");
    CHECK(publish.arg(1)->as_string() == "live");
    CHECK(server.received.back().message_stream_id == 7);

    server.send(make_on_status(7, status::level_status, status::publish_start, "go"));
    events = exchange(client, server);
    REQUIRE(events.size() == 1);
    CHECK(std::get<client_events::publish_started>(events[0]).description == "go");
    CHECK(client.publishing());

    // Media goes out on the stream with header compression at chunk size 4096.
    auto video = patterned_message(message_type::video, 0, 0, 0, 5000);
    CHECK(client.send(video));
    CHECK(client.send(patterned_message(message_type::video, 40, 0, 0, 5000)));
    CHECK(client.output_bytes_pending() == (12 + 5000 + 1) + (4 + 5000 + 1));  // type 0, then type 2
    server.received.clear();
    exchange(client, server);
    REQUIRE(server.received.size() == 2);
    CHECK(server.received[0].body == video.body);
    CHECK(server.received[0].message_stream_id == 7);
    CHECK(server.received[1].timestamp == 40);

    client.close();
    server.received.clear();
    exchange(client, server);
    REQUIRE(server.names() == std::vector<std::string>{"FCUnpublish", "deleteStream"});
    CHECK(server.command_named("deleteStream").arg(0)->as_number() == 7);
    CHECK(client.wants_close());
}

TEST_CASE("a playing client sends play and Set Buffer Length, answers pings, acknowledges", "[rtmp][session]") {
    auto opts = options(client_role::play);
    opts.play_start = -1000;
    opts.buffer_ms = 1000;
    client_session client(opts, pseudo_random(1), 0);
    raw_server server;
    exchange(client, server);
    exchange(client, server);
    CHECK(server.command_named("connect").object.get("fpad") != nullptr);
    server.send(make_window_ack_size(10000));
    server.send(make_connect_result(1, "FMS/3,0,1,123", 0));
    exchange(client, server);
    exchange(client, server);
    CHECK(server.names().back() == "createStream");
    server.send(make_create_stream_result(server.command_named("createStream").transaction_id, 1));
    exchange(client, server);
    exchange(client, server);
    auto play = server.command_named("play");
    CHECK(play.arg(0)->as_string() == "test");
    CHECK(play.arg(1)->as_number() == -1000);
    auto sbl = parse_user_control(server.received.back().body.bytes());
    CHECK(sbl.value() == user_control{user_event::set_buffer_length, 1, 1000});

    server.send(make_stream_begin(1));
    server.send(make_on_status(1, status::level_status, status::play_reset, "reset"));
    server.send(make_on_status(1, status::level_status, status::play_start, "start"));
    server.send(make_rtmp_sample_access(1));
    server.send(make_data_start(1));
    auto meta = make_set_data_frame(make_message(message_type::data_amf0, 0, 1, 5, "02000a6f6e4d65746144617461 05"));
    server.send(meta);
    for (std::uint32_t i = 0; i < 6; ++i) server.send(patterned_message(message_type::video, i * 40, 1, 7, 3000, i));
    server.send(make_ping_request(42));
    server.received.clear();
    auto events = exchange(client, server);
    REQUIRE(events.size() == 9);
    CHECK(std::get<client_events::status>(events[0]).code == "NetStream.Play.Reset");
    CHECK(std::holds_alternative<client_events::play_started>(events[1]));
    auto metadata = std::get<client_events::metadata>(events[2]);
    CHECK(lal::test::to_hex(metadata.msg.body.bytes()) == "02000a6f6e4d6574614461746105");
    CHECK(std::get<client_events::media>(events[8]).msg.timestamp == 200);
    exchange(client, server);
    // One acknowledgement (18000+ bytes against a 10000-byte window) and the ping response.
    auto names = server.names();
    CHECK(std::count(names.begin(), names.end(), "#3") == 1);
    CHECK(parse_user_control(server.received.back().body.bytes()).value() ==
          user_control{user_event::ping_response, 42});

    server.send(make_on_status(1, status::level_status, status::play_unpublish_notify, "gone"));
    server.send(make_stream_eof(1));
    events = exchange(client, server);
    REQUIRE(events.size() == 2);
    CHECK(std::get<client_events::status>(events[0]).code == "NetStream.Play.UnpublishNotify");
    CHECK(std::get<client_events::stream_eof>(events[1]).stream_id == 1);
}

TEST_CASE("a client reports createStream failures and protocol errors", "[rtmp][session]") {
    SECTION("createStream answered with _error") {
        client_session client(options(client_role::play), pseudo_random(1), 0);
        raw_server server;
        exchange(client, server);
        exchange(client, server);
        server.send(make_connect_result(1, "x", 0));
        exchange(client, server);
        exchange(client, server);
        server.send(make_command_error(server.command_named("createStream").transaction_id, "NetConnection.Call.Failed",
                                       "no streams"));
        auto events = exchange(client, server);
        REQUIRE(events.size() == 1);
        CHECK(std::get<client_events::failed>(events[0]).error == errc::command_failed);
        CHECK(client.wants_close());
    }
    SECTION("createStream answered with an id that is not a 32-bit number") {
        // Found by fuzz/rtmp_client_session: the id was cast to 32 bits unchecked.
        for (double bad : {-1.8446744073709552e19, 4294967296.0, -1.0, std::nan("")}) {
            client_session client(options(client_role::play), pseudo_random(1), 0);
            raw_server server;
            exchange(client, server);
            exchange(client, server);
            server.send(make_connect_result(1, "x", 0));
            exchange(client, server);
            exchange(client, server);
            server.send(make_result(server.command_named("createStream").transaction_id, amf0::null{}, bad));
            auto events = exchange(client, server);
            REQUIRE(events.size() == 1);
            CHECK(std::get<client_events::failed>(events[0]).error == errc::command_failed);
            CHECK(client.stream_id() == 0);
        }
    }
    SECTION("a server that is not RTMP") {
        client_session client(options(client_role::play), pseudo_random(1), 0);
        (void)client.take_output();
        CHECK(client.feed(lal::test::bytes_of("HTTP/1.1 400 Bad Request\r\n")) == errc::bad_version);
        CHECK(client.wants_close());
    }
    SECTION("a server sending Set Chunk Size 0") {
        client_session client(options(client_role::play), pseudo_random(1), 0);
        raw_server server;
        exchange(client, server);
        server.send(make_message(message_type::set_chunk_size, 0, 0, 2, "00000000"));
        server.from_client(client.take_output());
        CHECK(client.feed(server.take()) == errc::bad_chunk_size);
    }
}

TEST_CASE("the client session survives random bytes from a server", "[rtmp][session]") {
    std::mt19937 rng(4242);
    std::size_t failures = 0;
    for (int round = 0; round < 300; ++round) {
        client_session client(options(round % 2 ? client_role::play : client_role::publish), pseudo_random(1), 0);
        raw_server server;
        exchange(client, server);
        exchange(client, server);
        if (round % 3 == 0) {
            server.send(make_connect_result(1, "x", 0));
            server.send(make_create_stream_result(2, 1));
        }
        std::vector<std::byte> junk(rng() % 1500);
        for (auto& b : junk) b = static_cast<std::byte>(rng());
        if (round % 2 == 0) {
            message m;
            m.type_id = static_cast<std::uint8_t>(rng() % 24);
            m.message_stream_id = rng() % 2;
            m.chunk_stream_id = 3 + rng() % 5;
            m.body = lal::payload::copy_from(junk);
            server.send(m);
        } else {
            server.to_client.insert(server.to_client.end(), junk.begin(), junk.end());
        }
        server.from_client(client.take_output());
        if (client.feed(server.take())) ++failures;
        while (auto ev = client.next_event()) {
            if (std::holds_alternative<client_events::failed>(*ev)) ++failures;
        }
        (void)client.take_output();
    }
    CHECK(failures > 0);  // junk was noticed at least sometimes; nothing crashed
}
