// SPDX-License-Identifier: MIT
// Request bodies, keep-alive decisions, pipelining and upgrade pauses of the
// request parser, each fed whole, at every split point and byte by byte.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/http/error.hpp>
#include <lal/http/request_parser.hpp>
#include <lal/http/response.hpp>

#include "hex.hpp"
#include "request_runs.hpp"

using lal::http::errc;
using lal::http::request;
using lal::http::request_limits;
using lal::http::request_parser;
using lal::test::bytes_of;
using lal::test::parse_everywhere;

namespace {

/// Method, path, body and keep-alive decision of each request in `text`.
std::vector<std::string> summaries(std::string_view text) {
    request_parser p;
    auto bytes = bytes_of(text);
    REQUIRE_FALSE(p.feed(bytes));
    std::vector<std::string> out;
    while (auto r = p.next()) {
        out.push_back(r->method + " " + r->path + " [" + std::string(lal::as_string_view(r->body.bytes())) + "] " +
                      (r->keep_alive() ? "keep" : "close"));
    }
    return out;
}

}  // namespace

TEST_CASE("Content-Length and chunked bodies come with their request", "[http][request][body]") {
    const std::string_view text =
        "POST /api/a HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"
        "PUT /api/b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nTrailer: t\r\n\r\n"
        "GET /metrics HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    auto out = parse_everywhere(text);
    REQUIRE_FALSE(out.error);
    CHECK(out.requests.size() == 3);
    CHECK(summaries(text) == std::vector<std::string>{"POST /api/a [hello world] keep", "PUT /api/b [hello!] keep",
                                                      "GET /metrics [] close"});
}

TEST_CASE("body limits: a declared length over the limit fails at once, a chunked body as it grows",
          "[http][request][body]") {
    request_limits limits;
    limits.max_body_bytes = 5;
    CHECK(parse_everywhere("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde", limits).requests.size() == 1);
    auto declared = parse_everywhere("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n", limits);
    CHECK(declared.error == errc::body_too_large);
    CHECK(lal::http::status_for(declared.error) == 413);
    auto chunked =
        parse_everywhere("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n", limits);
    CHECK(chunked.error == errc::body_too_large);
    CHECK(chunked.requests.empty());
    CHECK(parse_everywhere("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n",
                           limits)
              .requests == std::vector<std::string>{"POST|/|/||1.1|Host=h|Transfer-Encoding=chunked|body=abcde"});
}

TEST_CASE("keep-alive: HTTP/1.1 by default, Connection: close, HTTP/1.0 only with keep-alive",
          "[http][request][keepalive]") {
    CHECK(summaries("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                    "GET /b HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n"
                    "GET /c HTTP/1.0\r\n\r\n"
                    "GET /d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") ==
          std::vector<std::string>{"GET /a [] keep", "GET /b [] close", "GET /c [] close", "GET /d [] keep"});
}

TEST_CASE("decide_keep_alive needs a delimited body and sets the Connection field", "[http][response][keepalive]") {
    auto parse = [](std::string_view text) {
        request_parser p;
        auto bytes = bytes_of(text);
        REQUIRE_FALSE(p.feed(bytes));
        auto r = p.next();
        REQUIRE(r);
        return *r;
    };
    auto r11 = parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    auto r10 = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto closing = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

    lal::http::response sized(200);
    sized.body("ok");
    CHECK(lal::http::decide_keep_alive(r11, sized));
    CHECK_FALSE(sized.headers().find("Connection"));
    lal::http::response sized10(200);
    sized10.body("ok");
    CHECK(lal::http::decide_keep_alive(r10, sized10));
    CHECK(sized10.headers().find("Connection") == "keep-alive");
    lal::http::response sized_closing(200);
    sized_closing.body("ok");
    CHECK_FALSE(lal::http::decide_keep_alive(closing, sized_closing));
    CHECK(sized_closing.headers().find("Connection") == "close");

    auto live = lal::http::stream_response(r11, "video/mp2t");  // ends at close
    CHECK_FALSE(lal::http::decide_keep_alive(r11, live));
    lal::http::response_options chunked;
    chunked.chunked = true;
    auto live_chunked = lal::http::stream_response(r11, "video/mp2t", chunked);
    CHECK(lal::http::decide_keep_alive(r11, live_chunked));
    lal::http::response no_content(204);
    CHECK(lal::http::decide_keep_alive(r11, no_content));
    auto error = lal::http::error_response(404);  // says close itself
    CHECK_FALSE(lal::http::decide_keep_alive(r11, error));
}

TEST_CASE("after an upgrade request the parser pauses and holds what follows", "[http][request][upgrade]") {
    const std::string head =
        "GET /live/a.flv HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n";
    auto out = parse_everywhere(head + "\x82\x80" "abcd");
    REQUIRE_FALSE(out.error);
    CHECK(out.requests.size() == 1);
    CHECK(out.paused);

    request_parser p;
    auto bytes = bytes_of(head + "\x82\x80" "abcd");
    REQUIRE_FALSE(p.feed(bytes));
    REQUIRE(p.next()->wants_upgrade());
    CHECK(lal::test::to_hex(p.take_held()) == "828061626364");
    CHECK(p.paused());

    // Declined: what follows is parsed as HTTP again.
    request_parser q;
    auto two = bytes_of(head + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
    REQUIRE_FALSE(q.feed(two));
    REQUIRE(q.next());
    CHECK_FALSE(q.next());
    REQUIRE_FALSE(q.resume());
    CHECK_FALSE(q.paused());
    auto second = q.next();
    REQUIRE(second);
    CHECK(second->path == "/b");

    // Held bytes are bounded.
    request_limits small;
    small.max_header_bytes = 200;
    request_parser r(small);
    auto fits = bytes_of(head + std::string(200, 'x'));
    CHECK_FALSE(request_parser(small).feed(fits));
    auto flood = bytes_of(head + std::string(201, 'x'));
    CHECK(r.feed(flood) == errc::headers_too_large);
}
