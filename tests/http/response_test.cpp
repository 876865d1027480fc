// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <lal/http/request_parser.hpp>
#include <lal/http/response.hpp>
#include <lal/http/response_parser.hpp>

#include "hex.hpp"

using lal::http::request;
using lal::http::response_options;
using lal::test::bytes_of;

namespace {

std::string text_of(const lal::payload& p) { return std::string(lal::as_string_view(p.bytes())); }

request parse_request(std::string_view text) {
    lal::http::request_parser p;
    REQUIRE_FALSE(p.feed(bytes_of(text)));
    auto r = p.next();
    REQUIRE(r);
    return *r;
}

}  // namespace

TEST_CASE("the live FLV head is close-delimited by default, with CORS and no-cache", "[http][response]") {
    auto req = parse_request("GET /live/a.flv HTTP/1.1\r\nHost: h\r\n\r\n");
    auto r = lal::http::stream_response(req, "video/x-flv");
    CHECK_FALSE(r.chunked());
    CHECK(text_of(r.encode()) ==
          "HTTP/1.1 200 OK\r\n"
          "Server: lal\r\n"
          "Access-Control-Allow-Origin: *\r\n"
          "Content-Type: video/x-flv\r\n"
          "Cache-Control: no-cache\r\n"
          "Connection: close\r\n"
          "\r\n");
}

TEST_CASE("chunked streaming is an option, and never toward HTTP/1.0", "[http][response]") {
    response_options opts;
    opts.chunked = true;
    opts.server = "lal/0.1.0";
    opts.cors = false;
    auto r11 = lal::http::stream_response(parse_request("GET /a/b.flv HTTP/1.1\r\nHost: h\r\n\r\n"), "video/x-flv", opts);
    CHECK(r11.chunked());
    CHECK(text_of(r11.encode()) ==
          "HTTP/1.1 200 OK\r\nServer: lal/0.1.0\r\nContent-Type: video/x-flv\r\nCache-Control: no-cache\r\n"
          "Transfer-Encoding: chunked\r\n\r\n");
    auto r10 = lal::http::stream_response(parse_request("GET /a/b.flv HTTP/1.0\r\n\r\n"), "video/x-flv", opts);
    CHECK_FALSE(r10.chunked());
    CHECK(r10.headers().find("Connection") == "close");
}

TEST_CASE("every error status has a small text body with its length", "[http][response]") {
    for (int status : {400, 404, 405, 408, 413, 414, 431, 500, 503, 505}) {
        auto r = lal::http::error_response(status);
        auto wire = r.encode();
        // Our own response parser reads it back with the same status and body.
        lal::http::response_parser p;
        REQUIRE_FALSE(p.feed(wire.bytes()));
        auto head = p.next();
        REQUIRE(head);
        auto* h = std::get_if<lal::http::response_head>(&*head);
        REQUIRE(h);
        CHECK(h->status == status);
        CHECK(h->reason == lal::http::reason_phrase(status));
        CHECK(h->headers.find("Connection") == "close");
        CHECK(h->headers.find("Access-Control-Allow-Origin") == "*");
        CHECK(h->headers.find("Content-Type") == "text/plain; charset=utf-8");
        CHECK(h->headers.count("Allow") == (status == 405 ? 1u : 0u));
        auto body = p.next();
        REQUIRE(body);
        auto* b = std::get_if<lal::http::body_data>(&*body);
        REQUIRE(b);
        CHECK(lal::as_string_view(b->bytes.bytes()) ==
              std::to_string(status) + " " + std::string(lal::http::reason_phrase(status)) + "\n");
        CHECK(std::holds_alternative<lal::http::message_end>(*p.next()));
    }
    CHECK(text_of(lal::http::error_response(405).encode()) ==
          "HTTP/1.1 405 Method Not Allowed\r\nServer: lal\r\nAccess-Control-Allow-Origin: *\r\n"
          "Allow: GET, HEAD, OPTIONS\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
          "Content-Length: 23\r\n\r\n405 Method Not Allowed\n");
}

TEST_CASE("error detail, HEAD encoding and header replacement", "[http][response]") {
    auto r = lal::http::error_response(404, {}, "stream live/x not found");
    CHECK(text_of(r.encode()).ends_with("Content-Length: 39\r\n\r\n404 Not Found: stream live/x not found\n"));
    // HEAD gets the same head, Content-Length included, and no body (RFC 9110 9.3.2).
    CHECK(text_of(r.encode(true)).ends_with("Content-Length: 39\r\n\r\n"));

    lal::http::response custom(299, "Custom");
    custom.add("X-A", "1").add("x-a", "2").set("X-A", "3").add("Date", lal::http::http_date(784111777));
    CHECK(text_of(custom.encode()) == "HTTP/1.1 299 Custom\r\nX-A: 3\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n");
    CHECK(lal::http::reason_phrase(299) == "Unknown");
    CHECK(lal::http::reason_phrase(201) == "Created");
    CHECK(lal::http::reason_phrase(415) == "Unsupported Media Type");
    CHECK(lal::http::http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(lal::http::http_date(951825600) == "Tue, 29 Feb 2000 12:00:00 GMT");
}

TEST_CASE("OPTIONS preflight gets the Access-Control-Allow-* answer", "[http][response]") {
    auto req = parse_request(
        "OPTIONS /live/a.flv HTTP/1.1\r\nHost: h\r\nOrigin: http://player.example\r\n"
        "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: range\r\n\r\n");
    auto text = text_of(lal::http::options_response(req).encode());
    CHECK(text ==
          "HTTP/1.1 204 No Content\r\nServer: lal\r\nAccess-Control-Allow-Origin: *\r\n"
          "Allow: GET, HEAD, OPTIONS\r\nAccess-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n"
          "Access-Control-Allow-Headers: range\r\nAccess-Control-Max-Age: 86400\r\nConnection: close\r\n\r\n");
    auto plain = parse_request("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
    CHECK(text_of(lal::http::options_response(plain).encode()).find("Allow-Headers") == std::string::npos);
}

TEST_CASE("a redirect carries Location and closes", "[http][response]") {
    // RFC 9110 15.4.3: 302 Found with the target in Location (10.2.2).
    auto r = lal::http::redirect_response("http://10.0.0.2:8080/live/x.flv");
    CHECK(text_of(r.encode()) ==
          "HTTP/1.1 302 Found\r\nServer: lal\r\nAccess-Control-Allow-Origin: *\r\n"
          "Location: http://10.0.0.2:8080/live/x.flv\r\nConnection: close\r\n"
          "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 43\r\n\r\n"
          "302 Found: http://10.0.0.2:8080/live/x.flv\n");
}
