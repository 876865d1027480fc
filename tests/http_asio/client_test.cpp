// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>

#include <lal/http/error.hpp>
#include <lal/http/response.hpp>
#include <lal/http_asio/client.hpp>

#include "support.hpp"

using lal::http_asio::client_request;
using lal::http_asio::client_response;
using lal::http_asio::router;
using lal::http_asio::server_connection;
using lal::test::route_server;
using lal::test::run_until;
using namespace std::chrono_literals;

namespace {

using conn_ptr = std::shared_ptr<server_connection>;

/// A local server for the client: echo, redirects, silence, a big body, a stream.
std::shared_ptr<router> client_routes() {
    auto r = std::make_shared<router>();
    r->exact("/echo", {"GET", "POST"}, [](const lal::http::request& req, const conn_ptr& c) {
         lal::http::response resp(200);
         std::string text = req.method + " " + req.target + " ";
         text.append(reinterpret_cast<const char*>(req.body.data()), req.body.size());
         if (auto v = req.headers.find("X-Hook")) text += " hook=" + std::string(*v);
         resp.body(text);
         c->respond(std::move(resp));
     })
        .exact("/moved", {}, [](const lal::http::request&, const conn_ptr& c) {
            lal::http::response resp(302);
            resp.add("Location", "/echo?from=moved").add("Content-Length", "0");
            c->respond(std::move(resp));
        })
        .exact("/kept", {}, [](const lal::http::request&, const conn_ptr& c) {
            lal::http::response resp(307);
            resp.add("Location", "echo?from=kept").add("Content-Length", "0");
            c->respond(std::move(resp));
        })
        .exact("/loop", {}, [](const lal::http::request&, const conn_ptr& c) {
            lal::http::response resp(301);
            resp.add("Location", "/loop").add("Content-Length", "0");
            c->respond(std::move(resp));
        })
        .exact("/silent", {}, [](const lal::http::request&, const conn_ptr&) {})  // never answers
        .exact("/big", {}, [](const lal::http::request&, const conn_ptr& c) {
            lal::http::response resp(200);
            resp.body(std::string(5000, 'b'));
            c->respond(std::move(resp));
        })
        .exact("/stream", {}, [](const lal::http::request& req, const conn_ptr& c) {
            // No length: the body ends with the connection (RFC 9112 6.3 point 8).
            c->start_stream(lal::http::stream_response(req, "text/plain"));
            c->send(lal::payload::copy_from(std::string_view(std::string(3000, 's'))));
            c->close();
        });
    return r;
}

/// Runs one fetch to its end.
std::optional<lal::result<client_response>> run_fetch(asio::io_context& io, client_request req) {
    std::optional<lal::result<client_response>> out;
    lal::http_asio::fetch(io.get_executor(), std::move(req), [&](lal::result<client_response> r) {
        CHECK_FALSE(out.has_value());  // once
        out.emplace(std::move(r));
    });
    CHECK_FALSE(out.has_value());  // never inside fetch()
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    return out;
}

std::string base(const route_server& s) { return "http://127.0.0.1:" + std::to_string(s.endpoint.port()); }

}  // namespace

TEST_CASE("http_asio client: GET, and POST with a body and a header", "[asio]") {
    asio::io_context io;
    route_server server(io, client_routes());
    client_request get;
    get.url = base(server) + "/echo?a=1";
    auto r = run_fetch(io, get);
    REQUIRE(*r);
    CHECK((*r)->status == 200);
    CHECK((*r)->body == "GET /echo?a=1 ");

    client_request post;
    post.method = "POST";
    post.url = base(server) + "/echo";
    post.body = R"({"event":"on_publish"})";
    post.headers.add("X-Hook", "yes");
    r = run_fetch(io, post);
    REQUIRE(*r);
    CHECK((*r)->body == R"(POST /echo {"event":"on_publish"} hook=yes)");
    CHECK((*r)->headers.find("Content-Type").has_value());
}

TEST_CASE("http_asio client: redirects are followed, bounded, and change POST as RFC 9110 says", "[asio]") {
    asio::io_context io;
    route_server server(io, client_routes());
    client_request req;
    req.method = "POST";
    req.body = "payload";
    req.url = base(server) + "/moved";
    auto r = run_fetch(io, req);
    REQUIRE(*r);
    CHECK((*r)->body == "GET /echo?from=moved ");  // 302: POST became GET without body
    CHECK((*r)->url == base(server) + "/echo?from=moved");

    req.url = base(server) + "/kept";
    r = run_fetch(io, req);
    REQUIRE(*r);
    CHECK((*r)->body == "POST /echo?from=kept payload");  // 307 keeps both

    req.method = "GET";
    req.url = base(server) + "/loop";
    req.max_redirects = 2;
    r = run_fetch(io, req);
    CHECK(r->error() == lal::http::errc::too_many_redirects);
    CHECK(server.connections.size() == 2 + 2 + 3);  // two hops each, then the loop: 1 + 2 redirects
}

TEST_CASE("http_asio client: timeout, oversized body, close-delimited body, bad URL, refused", "[asio]") {
    asio::io_context io;
    route_server server(io, client_routes());
    client_request req;
    req.url = base(server) + "/silent";
    req.timeout = 200ms;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = run_fetch(io, req);
    CHECK(r->error() == lal::http::errc::timeout);
    CHECK(std::chrono::steady_clock::now() - t0 >= 150ms);

    req.timeout = 5s;
    req.url = base(server) + "/big";
    req.max_body_bytes = 4096;
    r = run_fetch(io, req);
    CHECK(r->error() == lal::http::errc::body_too_large);

    req.url = base(server) + "/stream";
    r = run_fetch(io, req);
    REQUIRE(*r);
    CHECK((*r)->body == std::string(3000, 's'));

    req.url = base(server) + "/big";
    req.max_body_bytes = 1 << 20;
    r = run_fetch(io, req);
    REQUIRE(*r);
    CHECK((*r)->body.size() == 5000);

    req.url = "ftp://127.0.0.1/x";
    r = run_fetch(io, req);
    CHECK(r->error() == lal::http::errc::unsupported_scheme);

    // A port nobody listens on: the port of a listener just closed.
    auto port = server.endpoint.port();
    server.acc.close();
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/echo";
    r = run_fetch(io, req);
    CHECK(r->error() == asio::error::connection_refused);
}
