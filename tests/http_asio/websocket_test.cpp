// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <array>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <lal/http/response_parser.hpp>
#include <lal/http/url.hpp>
#include <lal/http/websocket_decoder.hpp>
#include <lal/http/websocket_frame.hpp>
#include <lal/http/websocket_handshake.hpp>

#include "support.hpp"

using lal::http_asio::router;
using lal::http_asio::server_connection;
using lal::test::route_server;
using lal::test::run_until;
using lal::test::tcp_peer;
namespace ws = lal::http::ws;

namespace {

std::string as_text(const lal::payload& p) { return {reinterpret_cast<const char*>(p.data()), p.size()}; }

lal::byte_span bytes_of(std::string_view s) { return std::as_bytes(std::span<const char>(s.data(), s.size())); }

/// A WebSocket client written with lal::http's client handshake and frame codec
/// over a plain socket: the real peer of these tests.
struct ws_peer {
    explicit ws_peer(asio::io_context& io) : tcp(io) {}

    /// Sends the opening handshake for `path` (RFC 6455 4.1).
    void open(const asio::ip::tcp::endpoint& at, const std::string& path) {
        std::array<std::byte, 16> nonce{};
        for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = std::byte(0x30 + i * 7);
        key = ws::client_key(nonce);
        auto u = lal::http::parse_url("http://127.0.0.1:" + std::to_string(at.port()) + path);
        REQUIRE(u);
        tcp.connect_and_read(lal::test::loopback(at));
        tcp.send(ws::make_upgrade_request(*u, key));
    }
    /// Feeds what arrived since the last call: the 101 head, then frames.
    void poll() {
        auto fresh = tcp.received.substr(consumed);
        consumed = tcp.received.size();
        if (!head) {
            REQUIRE_FALSE(handshake.feed(bytes_of(fresh)));
            while (auto e = handshake.next()) {
                if (auto* h = std::get_if<lal::http::response_head>(&*e)) {
                    head = *h;
                    handshake_error = ws::check_response(*h, key);
                    auto held = handshake.take_held();
                    REQUIRE_FALSE(reader.feed(held));
                }
            }
        } else {
            REQUIRE_FALSE(reader.feed(bytes_of(fresh)));
        }
        while (auto e = reader.next()) events.push_back(std::move(*e));
    }
    /// Sends a masked frame (RFC 6455 5.3).
    void send(ws::opcode op, std::string_view data) {
        ws::masking_key mask{std::byte{0x11}, std::byte{0x22}, std::byte{0x33}, std::byte{std::uint8_t(++frames)}};
        auto f = ws::encode_frame(op, bytes_of(data), mask);
        tcp.send(as_text(f));
    }

    tcp_peer tcp;
    std::string key;
    std::size_t consumed = 0;
    int frames = 0;
    lal::http::response_parser handshake;
    std::optional<lal::http::response_head> head;
    std::error_code handshake_error;
    ws::message_reader reader{ws::role::client};
    std::vector<ws::event> events;
};

/// "/x.ws": a WebSocket route that sends two binary messages on accept, echoes
/// messages as binary, and records the peer's close.
std::shared_ptr<router> ws_routes(std::vector<ws::close_frame>& closes) {
    auto r = std::make_shared<router>();
    r->suffix(".ws", {"GET"}, [&closes](const lal::http::request&, const std::shared_ptr<server_connection>& c) {
        lal::http_asio::websocket_handlers h;
        h.on_message = [](const std::shared_ptr<server_connection>& conn, ws::message m) { conn->send(m.data); };
        h.on_close = [&closes](const std::shared_ptr<server_connection>&, const ws::close_frame& f) {
            closes.push_back(f);
        };
        if (!c->accept_websocket(std::move(h))) return;
        auto shared = lal::payload::copy_from(bytes_of("flv-tag"));
        c->send(shared);
        std::vector<lal::payload> parts{lal::payload::copy_from(bytes_of("head")), shared};
        c->send(parts);
    });
    return r;
}

}  // namespace

TEST_CASE("http_asio: WebSocket upgrade, binary messages both ways, ping/pong and close", "[asio]") {
    asio::io_context io;
    std::vector<ws::close_frame> closes;
    route_server server(io, ws_routes(closes));
    ws_peer peer(io);
    peer.open(server.endpoint, "/live/a.ws");
    REQUIRE(run_until(io, [&] {
        peer.poll();
        return peer.events.size() >= 2;
    }));
    REQUIRE(peer.head);
    CHECK(peer.head->status == 101);
    CHECK_FALSE(peer.handshake_error);
    auto* m1 = std::get_if<ws::message>(&peer.events[0]);
    auto* m2 = std::get_if<ws::message>(&peer.events[1]);
    REQUIRE(m1);
    REQUIRE(m2);
    CHECK(m1->type == ws::opcode::binary);
    CHECK(as_text(m1->data) == "flv-tag");
    CHECK(as_text(m2->data) == "headflv-tag");

    peer.send(ws::opcode::binary, "from the client");
    peer.send(ws::opcode::ping, "are you there");
    REQUIRE(run_until(io, [&] {
        peer.poll();
        return peer.events.size() >= 4;
    }));
    auto* echo = std::get_if<ws::message>(&peer.events[2]);
    auto* pong = std::get_if<ws::pong>(&peer.events[3]);
    REQUIRE(echo);
    REQUIRE(pong);
    CHECK(as_text(echo->data) == "from the client");
    CHECK(as_text(pong->data) == "are you there");

    auto close = ws::encode_close(ws::close_code::going_away, "bye",
                                  ws::masking_key{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}});
    peer.tcp.send(as_text(close));
    REQUIRE(run_until(io, [&] {
        peer.poll();
        return peer.tcp.closed && !server.closes.empty();
    }));
    REQUIRE(peer.events.size() == 5);
    auto* answer = std::get_if<ws::close_frame>(&peer.events[4]);
    REQUIRE(answer);
    CHECK(answer->code == 1001);  // RFC 6455 5.5.1: the code echoed
    REQUIRE(closes.size() == 1);
    CHECK(closes[0].code == 1001);
    CHECK(closes[0].reason == "bye");
    CHECK_FALSE(server.closes[0]);
}

TEST_CASE("http_asio: frames sent with the handshake are read; server close sends 1000", "[asio]") {
    asio::io_context io;
    std::vector<ws::close_frame> closes;
    route_server server(io, ws_routes(closes));
    ws_peer peer(io);
    std::array<std::byte, 16> nonce{};
    peer.key = ws::client_key(nonce);
    auto u = lal::http::parse_url("http://127.0.0.1/a.ws");
    REQUIRE(u);
    peer.tcp.connect_and_read(lal::test::loopback(server.endpoint));
    auto early = ws::encode_frame(ws::opcode::binary, bytes_of("early"),
                                  ws::masking_key{std::byte{9}, std::byte{8}, std::byte{7}, std::byte{6}});
    peer.tcp.send(ws::make_upgrade_request(*u, peer.key) + as_text(early));
    REQUIRE(run_until(io, [&] {
        peer.poll();
        return peer.events.size() >= 3;
    }));
    auto* echo = std::get_if<ws::message>(&peer.events[2]);
    REQUIRE(echo);
    CHECK(as_text(echo->data) == "early");
    REQUIRE(server.connections.size() == 1);
    server.connections[0]->close();
    REQUIRE(run_until(io, [&] {
        peer.poll();
        return peer.events.size() >= 4;
    }));
    auto* c = std::get_if<ws::close_frame>(&peer.events[3]);
    REQUIRE(c);
    CHECK(c->code == 1000);
}

TEST_CASE("http_asio: a bad WebSocket handshake is refused; an unmasked frame closes with 1002", "[asio]") {
    asio::io_context io;
    std::vector<ws::close_frame> closes;
    route_server server(io, ws_routes(closes));
    SECTION("version 8 gets 426 with Sec-WebSocket-Version: 13") {
        tcp_peer peer(io);
        peer.connect_and_read(lal::test::loopback(server.endpoint));
        peer.send("GET /a.ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
        REQUIRE(run_until(io, [&] { return peer.closed; }));
        CHECK(peer.received.rfind("HTTP/1.1 426", 0) == 0);
        CHECK(peer.received.find("Sec-WebSocket-Version: 13") != std::string::npos);
    }
    SECTION("a client frame without mask") {
        ws_peer peer(io);
        peer.open(server.endpoint, "/a.ws");
        REQUIRE(run_until(io, [&] {
            peer.poll();
            return peer.events.size() >= 2;
        }));
        peer.tcp.send(as_text(ws::encode_frame(ws::opcode::binary, bytes_of("x"))));
        REQUIRE(run_until(io, [&] {
            peer.poll();
            return peer.tcp.closed && !server.closes.empty();
        }));
        REQUIRE(peer.events.size() == 3);
        auto* c = std::get_if<ws::close_frame>(&peer.events[2]);
        REQUIRE(c);
        CHECK(c->code == 1002);
        CHECK(server.closes[0] == ws::errc::bad_mask);
    }
}
