// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <lal/httpflv/error.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv/response_parser.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/httpflv_asio/flv_route.hpp>

#include "raw_client.hpp"

using lal::httpflv_asio::acceptor;
using lal::httpflv_asio::server_connection;
using lal::httpflv_asio::server_options;
using lal::test::raw_client;
using lal::test::run_until;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

/// A server on 127.0.0.1:0 whose connections go to `on_request`; records closes.
struct test_server {
    test_server(asio::io_context& io, server_options options,
                std::function<void(const std::shared_ptr<server_connection>&, lal::httpflv::request)> handler)
        : acc(io, std::move(options)) {
        auto ep = acc.listen("127.0.0.1:0");
        REQUIRE(ep);
        endpoint = *ep;
        // Every path and method goes to `handler`, as the .flv route would.
        auto routes = std::make_shared<lal::http_asio::router>();
        routes->prefix("/", {}, [handler](const lal::http::request& req, const std::shared_ptr<server_connection>& c) {
            handler(c, req);
        });
        acc.start([this, routes](std::shared_ptr<server_connection> conn, std::size_t) {
            connections.push_back(conn);
            conn->start(routes, [this](const auto&, std::error_code reason,
                                       const lal::httpflv_asio::connection_stats& stats) {
                closes.push_back(reason);
                last_stats = stats;
            });
        });
    }
    acceptor acc;
    asio::ip::tcp::endpoint endpoint;
    std::vector<std::shared_ptr<server_connection>> connections;
    std::vector<std::error_code> closes;
    lal::httpflv_asio::connection_stats last_stats;
};

/// Parses what a raw client received as one HTTP response.
struct parsed_response {
    int status = 0;
    lal::httpflv::header_list headers;
    std::string body;
    std::error_code error;
};

parsed_response parse_response(const std::string& wire, bool head = false) {
    lal::httpflv::response_parser p;
    if (head) p.expect_head_response();
    parsed_response out;
    out.error = p.feed(lal::as_byte_span(wire));
    if (!out.error) out.error = p.finish();
    while (auto e = p.next()) {
        if (auto* h = std::get_if<lal::httpflv::response_head>(&*e)) {
            out.status = h->status;
            out.headers = h->headers;
        } else if (auto* b = std::get_if<lal::httpflv::body_data>(&*e)) {
            out.body += lal::as_string_view(b->bytes.bytes());
        }
    }
    return out;
}

void reject_all(const std::shared_ptr<server_connection>& conn, lal::httpflv::request req) {
    CHECK_FALSE(req.method.empty());
    conn->respond(lal::httpflv::error_response(404));
}

}  // namespace

TEST_CASE("an incomplete request times out with 408 and the connection closes", "[httpflv][asio]") {
    asio::io_context io;
    server_options opts;
    opts.request_timeout = 200ms;
    bool handler_called = false;
    test_server server(io, opts, [&](const auto&, lal::httpflv::request) { handler_called = true; });

    raw_client client(io);
    client.connect(lal::test::loopback(server.endpoint));
    REQUIRE(run_until(io, [&] { return client.connected; }));
    REQUIRE_FALSE(client.connect_error);
    client.send("GET /live/a.flv HTTP/1.1\r\nHost: x\r\n");  // never finished
    client.read_all();
    auto started = std::chrono::steady_clock::now();
    REQUIRE(run_until(io, [&] { return client.closed; }));
    auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited >= 150ms);
    CHECK(waited < 3s);
    CHECK_FALSE(handler_called);
    CHECK(client.read_error == asio::error::eof);  // a clean FIN, not a reset
    CHECK(parse_response(client.received).status == 408);
    // The server waits for our FIN before it lets the socket go.
    CHECK(server.closes.empty());
    client.socket.close();
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }, 2s));
    CHECK(server.closes[0] == lal::httpflv::errc::timeout);
}

TEST_CASE("over-long headers get 431, an over-long request line 414, garbage 400", "[httpflv][asio]") {
    asio::io_context io;
    server_options opts;
    opts.limits.max_header_bytes = 1024;
    opts.limits.max_request_line = 256;
    test_server server(io, opts, reject_all);

    struct probe {
        std::string request;
        int status;
    };
    std::vector<probe> probes{
        {"GET /live/a.flv HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(4000, 'c') + "\r\n\r\n", 431},
        {"GET /" + std::string(1000, 'p') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
        {"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n"s, 400},
        {"GET /a.flv HTTP/3.0\r\n\r\n", 505},
    };
    for (const auto& p : probes) {
        INFO(p.status);
        raw_client client(io);
        client.connect(lal::test::loopback(server.endpoint));
        REQUIRE(run_until(io, [&] { return client.connected; }));
        client.send(p.request);
        client.read_all();
        REQUIRE(run_until(io, [&] { return client.closed; }));
        client.socket.close();
        auto r = parse_response(client.received);
        CHECK(r.status == p.status);
        CHECK(r.headers.find("Connection") == "close");
        CHECK(r.headers.find("Date").has_value());
        CHECK(r.body.starts_with(std::to_string(p.status) + " "));
    }
    REQUIRE(run_until(io, [&] { return server.closes.size() == probes.size(); }));
    CHECK(server.closes[0] == lal::httpflv::errc::headers_too_large);
    CHECK(server.closes[1] == lal::httpflv::errc::request_line_too_long);
}

TEST_CASE("the owner answers 404, HEAD and OPTIONS through respond()", "[httpflv][asio]") {
    asio::io_context io;
    std::vector<std::string> methods;
    test_server server(io, {}, [&](const std::shared_ptr<server_connection>& conn, lal::httpflv::request req) {
        methods.push_back(req.method);
        if (req.method == "OPTIONS") {
            conn->respond(lal::httpflv::options_response(req));
        } else if (auto route = lal::httpflv::parse_flv_route(req); !route) {
            conn->respond(lal::httpflv::error_response(404));
        } else {
            conn->respond(lal::httpflv::flv_stream_response(req));  // head only: a HEAD request
        }
    });
    auto ask = [&](const std::string& request) {
        raw_client client(io);
        client.connect(lal::test::loopback(server.endpoint));
        REQUIRE(run_until(io, [&] { return client.connected; }));
        client.send(request);
        client.read_all();
        REQUIRE(run_until(io, [&] { return client.closed; }));
        return client.received;
    };
    auto not_found = parse_response(ask("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(not_found.status == 404);
    CHECK(not_found.body == "404 Not Found\n");

    auto head_text = ask("HEAD /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(head_text.ends_with("\r\n\r\n"));  // no body after the head
    auto head = parse_response(head_text, true);
    CHECK(head.status == 200);
    CHECK(head.headers.find("Content-Type") == "video/x-flv");

    auto preflight = parse_response(ask("OPTIONS /live/a.flv HTTP/1.1\r\nHost: x\r\nOrigin: http://o\r\n\r\n"));
    CHECK(preflight.status == 204);
    CHECK(preflight.headers.find("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
    CHECK(methods == std::vector<std::string>{"GET", "HEAD", "OPTIONS"});
}

TEST_CASE("the server streams queued payloads, shared and in order, then closes", "[httpflv][asio]") {
    asio::io_context io;
    std::vector<lal::payload> media;
    std::string expected_body;
    for (int i = 0; i < 500; ++i) {
        std::string text = "tag" + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), '.');
        expected_body += text;
        media.push_back(lal::payload::copy_from(std::string_view(text)));
    }
    std::shared_ptr<server_connection> streaming;
    lal::httpflv::response_options ropts;
    ropts.chunked = GENERATE(false, true);
    test_server server(io, {}, [&](const std::shared_ptr<server_connection>& conn, lal::httpflv::request req) {
        conn->start_stream(lal::httpflv::flv_stream_response(req, ropts));
        CHECK(conn->send(std::span(media).first(100)));  // one batch
        for (std::size_t i = 100; i < media.size(); ++i) CHECK(conn->send(media[i]));
        CHECK(conn->bytes_queued() > expected_body.size());  // head + media, not yet written
        CHECK(media[0].use_count() >= 2);                     // queued by reference
        streaming = conn;
    });
    raw_client client(io);
    client.connect(lal::test::loopback(server.endpoint));
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.send("GET /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    client.read_all();
    REQUIRE(run_until(io, [&] { return streaming && streaming->bytes_queued() == 0; }));
    CHECK(media[0].use_count() == 1);  // released after the write
    streaming->close();
    CHECK_FALSE(streaming->send(media[0]));  // nothing is accepted once closing
    REQUIRE(run_until(io, [&] { return client.closed; }));
    CHECK(client.read_error == asio::error::eof);
    client.socket.close();  // our FIN ends the server's wait
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }, 2s));
    CHECK_FALSE(server.closes[0]);  // a local close
    CHECK(server.last_stats.bytes_written == client.received.size());
    CHECK(server.last_stats.bytes_read > 0);

    auto r = parse_response(client.received);
    REQUIRE_FALSE(r.error);
    CHECK(r.status == 200);
    CHECK(r.body == expected_body);
    CHECK(r.headers.has_token("Transfer-Encoding", "chunked") == ropts.chunked);
}

TEST_CASE("a peer that closes while streaming is detected", "[httpflv][asio]") {
    asio::io_context io;
    std::shared_ptr<server_connection> streaming;
    test_server server(io, {}, [&](const std::shared_ptr<server_connection>& conn, lal::httpflv::request req) {
        conn->start_stream(lal::httpflv::flv_stream_response(req));
        streaming = conn;
    });
    raw_client client(io);
    client.connect(lal::test::loopback(server.endpoint));
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.send("GET /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    client.read_all();
    REQUIRE(run_until(io, [&] { return client.received.find("\r\n\r\n") != std::string::npos; }));
    client.socket.close();  // a FIN: everything sent was read
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    CHECK(server.closes[0] == asio::error::eof);
    CHECK_FALSE(streaming->is_open());
    CHECK_FALSE(streaming->send(lal::payload::copy_from(std::string_view("late"))));
}

TEST_CASE("a player that stops reading builds back-pressure, then drains", "[httpflv][asio]") {
    asio::io_context io;
    std::shared_ptr<server_connection> streaming;
    test_server server(io, {}, [&](const std::shared_ptr<server_connection>& conn, lal::httpflv::request req) {
        conn->start_stream(lal::httpflv::flv_stream_response(req));
        streaming = conn;
    });
    raw_client client(io);
    client.connect(lal::test::loopback(server.endpoint));
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.send("GET /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(run_until(io, [&] { return streaming != nullptr; }));

    // 32 MiB of one shared 64 KiB block: far more than loopback socket buffers hold.
    auto block = lal::payload::copy_from(std::string(64 * 1024, 'x'));
    for (int i = 0; i < 512; ++i) streaming->send(block);
    // The first flush writes what the kernel takes and leaves the rest queued.
    REQUIRE(run_until(io, [&] { return streaming->bytes_queued() < 512u * 64 * 1024; }));
    auto stuck = streaming->bytes_queued();
    CHECK(stuck > 0);
    CHECK(stuck < 512u * 64 * 1024);
    CHECK(block.use_count() > 1);

    client.read_all();  // the player reads again
    REQUIRE(run_until(io, [&] { return streaming->bytes_queued() == 0; }, 20s));
    streaming->close();
    REQUIRE(run_until(io, [&] { return client.closed; }));
    auto body_start = client.received.find("\r\n\r\n");
    REQUIRE(body_start != std::string::npos);
    CHECK(client.received.size() - body_start - 4 == 512u * 64 * 1024);
}

TEST_CASE("the acceptor listens on all interfaces for :port", "[httpflv][asio]") {
    asio::io_context io;
    acceptor any(io);
    auto ep = any.listen(":0");
    REQUIRE(ep);
    CHECK(ep->port() != 0);
}

TEST_CASE("abort drops the queue at once and reports the owner's reason", "[httpflv][asio]") {
    asio::io_context io;
    std::shared_ptr<server_connection> streaming;
    test_server server(io, {}, [&](const std::shared_ptr<server_connection>& conn, lal::httpflv::request req) {
        conn->start_stream(lal::httpflv::flv_stream_response(req));
        streaming = conn;
    });
    raw_client client(io);
    client.connect(lal::test::loopback(server.endpoint));
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.send("GET /live/a.flv HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(run_until(io, [&] { return streaming != nullptr; }));
    // The player never reads: fill its socket, then give up on it.
    auto block = lal::payload::copy_from(std::string(64 * 1024, 'x'));
    for (int i = 0; i < 256; ++i) streaming->send(block);
    REQUIRE(run_until(io, [&] { return streaming->bytes_queued() < 256u * 64 * 1024; }));
    CHECK(streaming->bytes_queued() > 0);
    auto too_slow = std::make_error_code(std::errc::timed_out);
    streaming->abort(too_slow);
    CHECK_FALSE(streaming->is_open());
    CHECK(streaming->bytes_queued() == 0);
    CHECK(block.use_count() == 1);  // every queued reference released
    REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    CHECK(server.closes[0] == too_slow);
    CHECK(server.last_stats.bytes_written > 0);
}

TEST_CASE("handlers are released once used, so owners may hold the connection", "[httpflv][asio]") {
    asio::io_context io;
    server_options opts;
    opts.request_timeout = 200ms;
    auto owner = std::make_shared<int>(0);  // stands for a player object the handlers capture
    std::weak_ptr<int> watch = owner;
    std::vector<std::shared_ptr<server_connection>> conns;
    acceptor acc(io, opts);
    auto ep = acc.listen("127.0.0.1:0");
    REQUIRE(ep);
    int closed = 0;
    auto routes = std::make_shared<lal::http_asio::router>();
    routes->prefix("/", {}, [owner](const lal::http::request&, const std::shared_ptr<server_connection>& c) {
        c->respond(lal::httpflv::error_response(404));
    });
    acc.start([&, routes](std::shared_ptr<server_connection> conn, std::size_t) {
        conns.push_back(conn);
        conn->start(routes, [owner, &closed](const auto&, std::error_code, const auto&) { ++closed; });
    });
    routes.reset();
    owner.reset();
    raw_client client(io);
    client.connect(lal::test::loopback(*ep));
    REQUIRE(run_until(io, [&] { return client.connected; }));
    client.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    client.read_all();
    REQUIRE(run_until(io, [&] { return client.closed; }));
    client.socket.close();
    REQUIRE(run_until(io, [&] { return closed == 1; }));
    acc.close();
    REQUIRE(conns.size() == 1);
    // The acceptor's handler holds the routes, and so `owner`, until it goes;
    // the connection itself keeps neither handler.
    CHECK(watch.use_count() == 1);
}
