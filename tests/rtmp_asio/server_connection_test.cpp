// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/steady_timer.hpp>

#include <lal/rtmp/command.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp_asio/acceptor.hpp>
#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtmp_asio/error.hpp>

#include "asio_support.hpp"

using lal::rtmp_asio::server_connection;
using lal::rtmp_asio::server_handlers;
using lal::rtmp_asio::server_options;
using lal::test::run_until;
using lal::test::scripted_client;
using lal::test::test_server;
using namespace std::chrono_literals;
namespace rtmp = lal::rtmp;
namespace ev = lal::rtmp::server_events;

namespace {

using conn_ptr = std::shared_ptr<server_connection>;

/// Runs `io` for `d` by waiting on a timer (a condition, not a sleep).
void run_for(asio::io_context& io, std::chrono::milliseconds d) {
    asio::steady_timer t(io, d);
    bool fired = false;
    t.async_wait([&](std::error_code) { fired = true; });
    REQUIRE(run_until(io, [&] { return fired; }, d + 5s));
}

/// Accepts connect, publish and play on the spot.
void accept_everything(const conn_ptr& c, rtmp::server_event& e) {
    if (std::holds_alternative<ev::connect>(e)) c->session().accept_connect();
    if (auto* p = std::get_if<ev::publish>(&e)) c->session().accept_publish(*p);
    if (auto* p = std::get_if<ev::play>(&e)) c->session().accept_play(*p);
}

/// A video message whose body starts with `seq` (big-endian) and has `size` bytes.
rtmp::message numbered_video(std::uint32_t seq, std::size_t size, std::uint32_t stream_id = 1) {
    std::vector<std::byte> body(size < 4 ? 4 : size, std::byte{0x5a});
    lal::store_be(body.data(), seq, 4);
    return rtmp::message{rtmp::message_type::video, seq * 40, stream_id, rtmp::chunk_stream::video,
                         lal::payload::adopt(std::move(body))};
}

/// connect, createStream and publish (or play) of "live/test", encoded as a client at chunk size 128 sends them.
std::vector<std::byte> script_start(scripted_client& c, bool publish) {
    std::vector<std::byte> out;
    rtmp::connect_params params;
    params.app = "live";
    params.tc_url = "rtmp://127.0.0.1/live";
    params.publish = publish;
    c.queue_message(rtmp::make_connect(params, 1), out);
    c.queue_message(rtmp::make_create_stream(2), out);
    c.queue_message(publish ? rtmp::make_publish(0, 1, "test") : rtmp::make_play(0, 1, "test"), out);
    return out;
}

}  // namespace

TEST_CASE("a silent peer is closed when the handshake times out", "[rtmp_asio][server][asio]") {
    asio::io_context io;
    server_options opts;
    opts.handshake_timeout = 200ms;
    std::vector<rtmp::server_event> events;
    server_handlers h;
    h.on_event = [&](const conn_ptr&, rtmp::server_event& e) { events.push_back(e); };
    test_server server(io, opts, h);

    scripted_client client(io);
    client.connect(server.endpoint);
    REQUIRE(run_until(io, [&] { return client.connected; }));
    REQUIRE_FALSE(client.connect_error);
    auto client_end = client.socket.local_endpoint();
    REQUIRE(run_until(io, [&] { return server.connections.size() == 1; }));
    CHECK(server.connections[0]->remote_endpoint() == client_end);
    client.read_all();
    auto started = std::chrono::steady_clock::now();
    REQUIRE(run_until(io, [&] { return client.closed; }));
    auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited >= 150ms);
    CHECK(waited < 3s);
    CHECK(client.read_error == asio::error::eof);  // a FIN, not a reset
    CHECK(client.received.empty());
    CHECK(events.empty());
    client.socket.close();
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    CHECK(server.closes[0] == lal::rtmp_asio::errc::handshake_timeout);
    CHECK(server.last_stats.bytes_read == 0);
    CHECK(server.last_stats.remote == client_end);
    CHECK(server.last_stats.duration >= 150ms);
}

TEST_CASE("a connect left undecided is closed by the handshake timeout", "[rtmp_asio][server][asio]") {
    asio::io_context io;
    server_options opts;
    opts.handshake_timeout = 300ms;
    int connects = 0;
    server_handlers h;
    h.on_event = [&](const conn_ptr&, rtmp::server_event& e) {
        if (std::holds_alternative<ev::connect>(e)) ++connects;  // and never decided
    };
    test_server server(io, opts, h);

    auto client = std::make_shared<lal::rtmp_asio::client_connection>(io.get_executor());
    std::optional<lal::rtmp_asio::client_result> result;
    lal::rtmp_asio::client_handlers ch;
    ch.on_closed = [&](const lal::rtmp_asio::client_result& r) { result = r; };
    client->start(server.url("live/test"), rtmp::client_role::play, ch);
    REQUIRE(run_until(io, [&] { return result && server.closes.size() == 1; }));
    CHECK(connects == 1);
    CHECK(server.closes[0] == lal::rtmp_asio::errc::handshake_timeout);
    CHECK(result->error == asio::error::eof);
    CHECK_THAT(result->description, Catch::Contains("waiting for the answer to connect"));
}

TEST_CASE("a decided connect ends the handshake timer; the idle timer closes a silent publisher",
          "[rtmp_asio][server][asio]") {
    asio::io_context io;
    server_options opts;
    opts.handshake_timeout = 200ms;
    opts.idle_timeout = 400ms;
    conn_ptr publisher, player;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        accept_everything(c, e);
        if (std::holds_alternative<ev::publish>(e)) publisher = c;
        if (std::holds_alternative<ev::play>(e)) {
            player = c;
            c->set_idle_timeout(0ms);  // players may stay silent
        }
    };
    test_server server(io, opts, h);

    lal::rtmp_asio::client_handlers none;
    auto pub = std::make_shared<lal::rtmp_asio::client_connection>(io.get_executor());
    auto play = std::make_shared<lal::rtmp_asio::client_connection>(io.get_executor());
    pub->start(server.url("live/test"), rtmp::client_role::publish, none);
    play->start(server.url("live/test"), rtmp::client_role::play, none);
    REQUIRE(run_until(io, [&] { return pub->publishing() && play->playing(); }));
    auto started = std::chrono::steady_clock::now();

    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    CHECK(std::chrono::steady_clock::now() - started >= 300ms);
    CHECK_FALSE(publisher->is_open());
    CHECK(server.closes[0] == lal::rtmp_asio::errc::idle_timeout);
    // The player passed both the handshake timeout and the idle timeout and stays.
    run_for(io, 500ms);
    CHECK(player->is_open());
    CHECK(play->playing());
    CHECK(server.closes.size() == 1);
}

TEST_CASE("a decision made later holds the following events until resume()", "[rtmp_asio][server][asio]") {
    asio::io_context io;
    std::vector<std::string> log;
    std::optional<ev::publish> held;
    conn_ptr conn;
    bool decided = false;
    int batches_after_decision = 0;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        if (std::holds_alternative<ev::connect>(e)) {
            c->session().accept_connect();
        } else if (auto* p = std::get_if<ev::publish>(&e)) {
            held = *p;  // decided later, outside any handler of this connection
            conn = c;
        } else if (auto* m = std::get_if<ev::media>(&e)) {
            log.push_back((decided ? "after:" : "before:") + std::to_string(lal::load_be(m->msg.body.data(), 4)));
        } else if (std::holds_alternative<ev::metadata>(e)) {
            log.push_back(decided ? "after:meta" : "before:meta");
        }
    };
    h.on_batch_done = [&](const conn_ptr&) {
        if (decided) ++batches_after_decision;
    };
    test_server server(io, server_options{}, h);

    scripted_client client(io);
    auto script = script_start(client, true);
    // Everything the publisher has arrives in the same write as its publish command.
    rtmp::message meta = rtmp::make_data("onMetaData", {lal::flv::amf0::value(lal::flv::amf0::object{})}, 1);
    client.queue_message(rtmp::make_set_data_frame(meta), script);
    for (std::uint32_t i = 0; i < 5; ++i) client.queue_message(numbered_video(i, 300), script);
    client.connect(server.endpoint);
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.start_handshake(script);
    REQUIRE(run_until(io, [&] { return held.has_value(); }));
    CHECK(held->stream_name == "test");
    CHECK(conn->session().decision_pending());

    // Nothing after the publish is handed out while it waits, however long.
    run_for(io, 100ms);
    CHECK(log.empty());

    decided = true;
    conn->session().accept_publish(*held);
    conn->resume();
    REQUIRE(run_until(io, [&] { return log.size() == 6; }));
    CHECK(log == std::vector<std::string>{"after:meta", "after:0", "after:1", "after:2", "after:3", "after:4"});
    CHECK(batches_after_decision >= 1);
    // The publish answer went out with the resumed batch.
    client.read_all();
    REQUIRE(run_until(io, [&] {
        auto text = std::string(reinterpret_cast<const char*>(client.received.data()), client.received.size());
        return text.find("NetStream.Publish.Start") != std::string::npos;
    }));
}

TEST_CASE("a peer sending garbage is closed with the error it caused", "[rtmp_asio][server][asio]") {
    asio::io_context io;
    std::vector<std::error_code> errors;
    server_handlers h;
    h.on_event = [&](const conn_ptr&, rtmp::server_event& e) {
        if (auto* err = std::get_if<ev::error>(&e)) errors.push_back(err->code);
    };
    test_server server(io, server_options{}, h);

    scripted_client client(io);
    client.connect(server.endpoint);
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.send_text("GET /live/test.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    client.read_all();
    REQUIRE(run_until(io, [&] { return client.closed; }));
    CHECK(client.read_error == asio::error::eof);
    client.socket.close();
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    CHECK(server.closes[0] == rtmp::errc::bad_version);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == rtmp::errc::bad_version);
}

TEST_CASE("a message over the size limit closes the connection with message_too_large",
          "[rtmp_asio][server][asio]") {
    asio::io_context io;
    server_options opts;
    opts.session.limits.max_message_size = 1024;
    std::vector<std::error_code> errors;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        accept_everything(c, e);
        if (auto* err = std::get_if<ev::error>(&e)) errors.push_back(err->code);
    };
    test_server server(io, opts, h);

    scripted_client client(io);
    // RTMP spec 5.3.1.2.1: fmt 0 on csid 3, timestamp 0, length 2000, type 20, stream 0.
    std::vector<std::byte> bad{std::byte{0x03}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0x00},
                               std::byte{0x07}, std::byte{0xd0}, std::byte{0x14}, std::byte{0}, std::byte{0},
                               std::byte{0}, std::byte{0}};
    client.connect(server.endpoint);
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.start_handshake(bad);
    REQUIRE(run_until(io, [&] { return client.handshake_done; }));
    client.read_all();
    REQUIRE(run_until(io, [&] { return client.closed; }));
    client.socket.close();
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    CHECK(server.closes[0] == rtmp::errc::message_too_large);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == rtmp::errc::message_too_large);
}

TEST_CASE("gathered writes deliver thousands of messages in order", "[rtmp_asio][server][asio]") {
    constexpr std::uint32_t count = 3000;
    auto max_buffers = GENERATE(std::size_t{0}, std::size_t{8});
    asio::io_context io;
    server_options opts;
    opts.max_write_buffers = max_buffers;
    conn_ptr player;
    std::vector<rtmp::message> sent;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        accept_everything(c, e);
        if (auto* p = std::get_if<ev::play>(&e)) {
            player = c;
            for (std::uint32_t i = 0; i < count; ++i) {
                auto msg = numbered_video(i, 20 + (i * 37) % 300, p->stream_id);
                // Encoded once, as for many players; all leave in the flush after this batch.
                REQUIRE(c->send_encoded(rtmp::encode_chunks(msg, rtmp::chunk_stream::video, c->session().out_chunk_size())));
                sent.push_back(std::move(msg));
            }
        }
    };
    test_server server(io, opts, h);

    std::vector<rtmp::message> got;
    auto client = std::make_shared<lal::rtmp_asio::client_connection>(io.get_executor());
    lal::rtmp_asio::client_handlers ch;
    ch.on_event = [&](rtmp::client_event& e) {
        if (auto* m = std::get_if<rtmp::client_events::media>(&e)) got.push_back(m->msg);
    };
    client->start(server.url("live/test"), rtmp::client_role::play, ch);
    REQUIRE(run_until(io, [&] { return got.size() == count; }));
    for (std::uint32_t i = 0; i < count; ++i) {
        INFO(i);
        REQUIRE(got[i].body == sent[i].body);
        REQUIRE(got[i].timestamp == sent[i].timestamp);
    }
    auto calls = player->stats().write_calls;
    if (max_buffers == 8) {
        CHECK(calls >= count / 8);
    } else {
        CHECK(calls < 100);
    }
    CHECK(player->bytes_queued() == 0);
}

TEST_CASE("back-pressure: bytes_queued grows while the peer does not read", "[rtmp_asio][server][asio]") {
    asio::io_context io;
    conn_ptr player;
    std::uint32_t stream_id = 0;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        accept_everything(c, e);
        if (auto* p = std::get_if<ev::play>(&e)) {
            player = c;
            stream_id = p->stream_id;
        }
    };
    test_server server(io, server_options{}, h);

    scripted_client client(io);
    client.connect(server.endpoint);
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.start_handshake(script_start(client, false));
    REQUIRE(run_until(io, [&] { return player != nullptr; }));
    player->socket().set_option(asio::socket_base::send_buffer_size(64 * 1024));

    // 32 MiB of one shared 512 KiB message: the peer reads nothing meanwhile.
    constexpr std::size_t total_messages = 64;
    auto chunks = rtmp::encode_chunks(numbered_video(1, 512 * 1024, stream_id), rtmp::chunk_stream::video,
                                      player->session().out_chunk_size());
    for (std::size_t i = 0; i < total_messages; ++i) REQUIRE(player->send_encoded(chunks));
    auto total = chunks.size() * total_messages;
    CHECK(chunks.use_count() > static_cast<long>(total_messages));  // queued by reference, not copied
    player->flush();
    run_for(io, 100ms);
    auto queued = player->bytes_queued();
    CHECK(queued > total / 2);
    CHECK(queued + player->stats().bytes_written >= total);

    client.read_all();
    REQUIRE(run_until(io, [&] { return player->bytes_queued() == 0; }, 30s));
    REQUIRE(run_until(io, [&] { return client.received.size() >= total; }, 30s));
    CHECK(player->stats().bytes_written >= total);
}
