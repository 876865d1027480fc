// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <asio/post.hpp>

#include <lal/http/error.hpp>
#include <lal/http/response.hpp>

#include "support.hpp"

using lal::http_asio::router;
using lal::http_asio::server_connection;
using lal::http_asio::server_options;
using lal::test::route_server;
using lal::test::run_until;
using lal::test::tcp_peer;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

/// One response cut from a byte stream: status, head text and body by Content-Length.
struct cut_response {
    int status = 0;
    std::string head;
    std::string body;
};

/// Splits `wire` into complete responses with a Content-Length (or none: empty body).
std::vector<cut_response> cut_responses(const std::string& wire) {
    std::vector<cut_response> out;
    std::size_t at = 0;
    while (true) {
        auto end = wire.find("\r\n\r\n", at);
        if (end == std::string::npos) break;
        cut_response r;
        r.head = wire.substr(at, end + 4 - at);
        r.status = std::stoi(r.head.substr(9, 3));
        std::size_t length = 0;
        if (auto cl = r.head.find("Content-Length: "); cl != std::string::npos)
            length = std::stoul(r.head.substr(cl + 16));
        if (wire.size() < end + 4 + length) break;
        r.body = wire.substr(end + 4, length);
        out.push_back(r);
        at = end + 4 + length;
    }
    return out;
}

/// The routes every test serves.
std::shared_ptr<router> test_routes(asio::io_context& io) {
    auto r = std::make_shared<router>();
    r->exact("/hello", {"GET"}, [](const lal::http::request& req, const std::shared_ptr<server_connection>& c) {
         lal::http::response resp(200);
         resp.body("hello " + req.query);
         c->respond(std::move(resp));
     })
        .exact("/echo", {"POST"}, [](const lal::http::request& req, const std::shared_ptr<server_connection>& c) {
            lal::http::response resp(200);
            resp.body(std::string(reinterpret_cast<const char*>(req.body.data()), req.body.size()));
            c->respond(std::move(resp));
        })
        .prefix("/later/", {"GET"}, [&io](const lal::http::request& req, const std::shared_ptr<server_connection>& c) {
            // Answered after the handler returned, as a hook-backed route would.
            asio::post(io, [c, path = req.path] {
                lal::http::response resp(200);
                resp.body(path);
                c->respond(std::move(resp));
            });
        })
        .exact("/shared", {"GET"}, [](const lal::http::request&, const std::shared_ptr<server_connection>& c) {
            // A cached body (an HLS segment) sent as it is, with its length.
            static const auto body = lal::payload::copy_from(std::as_bytes(std::span("segment-bytes", 13)));
            lal::http::response head(200);
            head.set("Content-Type", "video/mp2t");
            c->respond(std::move(head), body);
        })
        .exact("/never", {"GET"}, [](const lal::http::request&, const std::shared_ptr<server_connection>&) {})
        .suffix(".stream", {"GET"}, [](const lal::http::request& req, const std::shared_ptr<server_connection>& c) {
            c->start_stream(lal::http::stream_response(req, "text/plain"));
            CHECK(c->streaming());
            CHECK(c->send(lal::payload::copy_from(std::as_bytes(std::span("live-", 5)))));
            std::vector<lal::payload> two{lal::payload::copy_from(std::as_bytes(std::span("bo", 2))),
                                          lal::payload::copy_from(std::as_bytes(std::span("dy", 2)))};
            CHECK(c->send(two));
            c->close();
        });
    return r;
}

}  // namespace

TEST_CASE("http_asio: several requests one after another on one kept-alive connection", "[asio]") {
    asio::io_context io;
    server_options options;
    options.auto_flush = GENERATE(true, false);  // answers go out either way
    route_server server(io, test_routes(io), options);
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    for (int i = 1; i <= 3; ++i) {
        peer.send("GET /hello?n=" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        REQUIRE(run_until(io, [&] { return cut_responses(peer.received).size() == static_cast<std::size_t>(i); }));
    }
    auto responses = cut_responses(peer.received);
    REQUIRE(responses.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(responses[i].status == 200);
        CHECK(responses[i].body == "hello n=" + std::to_string(i + 1));
        CHECK(responses[i].head.find("Connection: close") == std::string::npos);
        CHECK(responses[i].head.find("Date: ") != std::string::npos);
    }
    CHECK(server.connections.size() == 1);
    CHECK(server.connections[0]->requests() == 3);
    CHECK_FALSE(peer.closed);
}

TEST_CASE("http_asio: pipelined requests are answered in order, a late answer included", "[asio]") {
    asio::io_context io;
    route_server server(io, test_routes(io));
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("GET /later/a HTTP/1.1\r\nHost: x\r\n\r\n"
              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde"
              "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
              "DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /hello?last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    REQUIRE(run_until(io, [&] { return peer.closed; }));
    auto r = cut_responses(peer.received);
    REQUIRE(r.size() == 5);
    CHECK(r[0].status == 200);
    CHECK(r[0].body == "/later/a");
    CHECK(r[1].body == "abcde");
    CHECK(r[2].status == 404);
    CHECK(r[3].status == 405);
    CHECK(r[3].head.find("Allow: GET") != std::string::npos);
    CHECK(r[4].body == "hello last");
    CHECK(r[4].head.find("Connection: close") != std::string::npos);
    CHECK(server.connections.size() == 1);
}

TEST_CASE("http_asio: a body over the limit is 413 and the connection closes", "[asio]") {
    asio::io_context io;
    server_options options;
    options.limits.max_body_bytes = 16;
    route_server server(io, test_routes(io), options);
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nfine"
              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n");
    REQUIRE(run_until(io, [&] { return peer.closed && !server.closes.empty(); }));
    auto r = cut_responses(peer.received);
    REQUIRE(r.size() == 2);
    CHECK(r[0].body == "fine");
    CHECK(r[1].status == 413);
    CHECK(r[1].head.find("Connection: close") != std::string::npos);
    CHECK(server.closes[0] == lal::http::errc::body_too_large);
}

TEST_CASE("http_asio: a header section over the limit is 431 and the connection closes", "[asio]") {
    asio::io_context io;
    server_options options;
    options.limits.max_header_bytes = 256;
    route_server server(io, test_routes(io), options);
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(400, 'a') + "\r\n\r\n");
    REQUIRE(run_until(io, [&] { return peer.closed; }));
    auto r = cut_responses(peer.received);
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == 431);
}

TEST_CASE("http_asio: an idle kept-alive connection closes after idle_timeout", "[asio]") {
    asio::io_context io;
    server_options options;
    options.idle_timeout = 200ms;
    route_server server(io, test_routes(io), options);
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(run_until(io, [&] { return cut_responses(peer.received).size() == 1; }));
    const auto answered = std::chrono::steady_clock::now();
    REQUIRE(run_until(io, [&] { return peer.closed && !server.closes.empty(); }));
    CHECK(std::chrono::steady_clock::now() - answered >= 150ms);
    CHECK(server.closes[0] == lal::http::errc::timeout);
    CHECK(cut_responses(peer.received).size() == 1);  // no 408 for a silent client
}

TEST_CASE("http_asio: a request left half-sent, or none at all, gets 408 after request_timeout", "[asio]") {
    asio::io_context io;
    server_options options;
    options.request_timeout = 200ms;
    route_server server(io, test_routes(io), options);
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    if (GENERATE(true, false)) peer.send("GET /hello HTTP/1.1\r\nHo");
    REQUIRE(run_until(io, [&] { return peer.closed; }));
    auto r = cut_responses(peer.received);
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == 408);
}

TEST_CASE("http_asio: a streaming route takes the connection over; its body ends at close", "[asio]") {
    asio::io_context io;
    route_server server(io, test_routes(io));
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("GET /live/a.stream HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(run_until(io, [&] { return peer.closed; }));
    auto head_end = peer.received.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    CHECK(peer.received.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(peer.received.find("Connection: close") < head_end);
    CHECK(peer.received.substr(head_end + 4) == "live-body");  // the pipelined GET is never answered
    REQUIRE(server.connections.size() == 1);
    CHECK_FALSE(server.connections[0]->send(lal::payload::copy_from(std::as_bytes(std::span("x", 1)))));
}

TEST_CASE("http_asio: HEAD gets the GET head without its body, OPTIONS the preflight", "[asio]") {
    asio::io_context io;
    route_server server(io, test_routes(io));
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    REQUIRE(run_until(io, [&] { return peer.closed; }));
    // The HEAD answer says Content-Length: 6 but carries no body.
    auto first_end = peer.received.find("\r\n\r\n");
    REQUIRE(first_end != std::string::npos);
    CHECK(peer.received.find("Content-Length: 6") < first_end);
    CHECK(peer.received.substr(first_end + 4).rfind("HTTP/1.1 204", 0) == 0);
}

TEST_CASE("http_asio: a peer that leaves while its request waits for an answer is seen", "[asio]") {
    asio::io_context io;
    route_server server(io, test_routes(io));
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(run_until(io, [&] { return server.connections.size() == 1 && server.connections[0]->requests() == 1; }));
    peer.socket.shutdown(asio::ip::tcp::socket::shutdown_send);  // a FIN, no answer awaited
    REQUIRE(run_until(io, [&] { return !server.closes.empty(); }));
    CHECK(server.closes[0] == asio::error::eof);
    CHECK(peer.received.empty());
}

TEST_CASE("http_asio: a shared body goes out with its Content-Length, kept alive; HEAD gets the head only",
          "[asio]") {
    asio::io_context io;
    route_server server(io, test_routes(io));
    tcp_peer peer(io);
    peer.connect_and_read(lal::test::loopback(server.endpoint));
    peer.send("GET /shared HTTP/1.1\r\nHost: x\r\n\r\nHEAD /shared HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /shared HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    REQUIRE(run_until(io, [&] { return peer.closed; }));
    // The HEAD answer has Content-Length: 13 and no body, so cut it apart by hand.
    const auto head_at = peer.received.find("HTTP/1.1", 1);
    REQUIRE(head_at != std::string::npos);
    const auto get1 = cut_responses(peer.received.substr(0, head_at));
    REQUIRE(get1.size() == 1);
    CHECK(get1[0].body == "segment-bytes");
    CHECK(get1[0].head.find("Content-Length: 13") != std::string::npos);
    const auto head_end = peer.received.find("\r\n\r\n", head_at);
    REQUIRE(head_end != std::string::npos);
    CHECK(peer.received.substr(head_at, head_end - head_at).find("Content-Length: 13") != std::string::npos);
    const auto rest = cut_responses(peer.received.substr(head_end + 4));
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].body == "segment-bytes");
    CHECK(server.connections.size() == 1);
}
