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
#include <lal/http/websocket_handshake.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv_asio/flv_route.hpp>

#include "raw_client.hpp"

using lal::httpflv_asio::server_connection;
using lal::test::raw_client;
using lal::test::run_until;

namespace {

lal::byte_span bytes_of(const std::string& s) { return std::as_bytes(std::span<const char>(s.data(), s.size())); }

/// A server with only the .flv route: a play sends "FLV" then "tag" and closes.
struct flv_server {
    explicit flv_server(asio::io_context& io) : acc(io) {
        auto ep = acc.listen("127.0.0.1:0");
        REQUIRE(ep);
        endpoint = lal::test::loopback(*ep);
        auto routes = std::make_shared<lal::http_asio::router>();
        lal::httpflv_asio::add_flv_route(*routes, [this](const std::shared_ptr<server_connection>& c,
                                                         const lal::http::request& req, lal::httpflv::flv_route r) {
            plays.push_back(r);
            if (req.is_head()) return c->respond(lal::httpflv::flv_stream_response(req));
            if (!lal::httpflv_asio::start_flv_stream(*c)) return;
            c->send(lal::payload::copy_from(std::string_view("FLV")));
            c->send(lal::payload::copy_from(std::string_view("tag")));
            c->close();
        });
        acc.start([routes](std::shared_ptr<server_connection> conn, std::size_t) { conn->start(routes); });
    }
    lal::httpflv_asio::acceptor acc;
    asio::ip::tcp::endpoint endpoint;
    std::vector<lal::httpflv::flv_route> plays;
};

}  // namespace

TEST_CASE("the .flv route: streams, answers HEAD and OPTIONS, 404 for no stream, one connection", "[httpflv][asio]") {
    asio::io_context io;
    flv_server server(io);
    raw_client client(io);
    client.connect_and_read(server.endpoint);
    client.send("GET /live.flv HTTP/1.1\r\nHost: x\r\n\r\n"           // no app: 404, kept
                "OPTIONS /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n"     // the router's preflight
                "HEAD /live/a.flv?token=1 HTTP/1.1\r\nHost: x\r\n\r\n");  // head only, then close
    REQUIRE(run_until(io, [&] { return client.closed; }));
    const auto& got = client.received;
    CHECK(got.rfind("HTTP/1.1 404", 0) == 0);
    const auto options_at = got.find("HTTP/1.1 204");
    const auto head_at = got.find("HTTP/1.1 200");
    REQUIRE(options_at != std::string::npos);
    REQUIRE(head_at != std::string::npos);
    CHECK(options_at < head_at);
    CHECK(got.find("Content-Type: video/x-flv", head_at) != std::string::npos);
    CHECK(got.ends_with("\r\n\r\n"));  // HEAD: no body
    REQUIRE(server.plays.size() == 1);
    CHECK(server.plays[0].app == "live");
    CHECK(server.plays[0].stream == "a");
    CHECK(server.plays[0].query == "token=1");

    raw_client player(io);
    player.connect_and_read(server.endpoint);
    player.send("GET /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(run_until(io, [&] { return player.closed; }));
    CHECK(player.received.ends_with("\r\n\r\nFLVtag"));
}

TEST_CASE("the .flv route: the same URL with a WebSocket upgrade streams binary messages (WS-FLV)", "[httpflv][asio]") {
    asio::io_context io;
    flv_server server(io);
    raw_client player(io);
    player.connect_and_read(server.endpoint);
    std::array<std::byte, 16> nonce{};
    const auto key = lal::http::ws::client_key(nonce);
    auto u = lal::http::parse_url("http://127.0.0.1/live/a.flv");
    REQUIRE(u);
    player.send(lal::http::ws::make_upgrade_request(*u, key));
    REQUIRE(run_until(io, [&] { return player.closed; }));

    lal::http::response_parser handshake;
    REQUIRE_FALSE(handshake.feed(bytes_of(player.received)));
    auto e = handshake.next();
    REQUIRE(e);
    auto* head = std::get_if<lal::http::response_head>(&*e);
    REQUIRE(head);
    CHECK_FALSE(lal::http::ws::check_response(*head, key));
    lal::http::ws::message_reader reader(lal::http::ws::role::client);
    REQUIRE_FALSE(reader.feed(handshake.take_held()));
    std::vector<std::string> messages;
    bool closed = false;
    while (auto ev = reader.next()) {
        if (auto* m = std::get_if<lal::http::ws::message>(&*ev)) {
            CHECK(m->type == lal::http::ws::opcode::binary);
            messages.emplace_back(reinterpret_cast<const char*>(m->data.data()), m->data.size());
        } else if (auto* c = std::get_if<lal::http::ws::close_frame>(&*ev)) {
            CHECK(c->code == 1000);
            closed = true;
        }
    }
    CHECK(messages == std::vector<std::string>{"FLV", "tag"});
    CHECK(closed);
}
