// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <lal/http/error.hpp>
#include <lal/http/request_parser.hpp>
#include <lal/http/websocket_error.hpp>

#include "hex.hpp"
#include "request_runs.hpp"

using lal::http::errc;
using lal::http::request;
using lal::http::request_limits;
using lal::http::request_parser;
using lal::test::bytes_of;
using lal::test::parse_everywhere;
using lal::test::parse_once;
using namespace std::literals;

TEST_CASE("a player's GET is parsed identically at every split point", "[http][request]") {
    auto out = parse_everywhere(
        "GET /live/test.flv?token=abc&x=1 HTTP/1.1\r\n"
        "Host: 127.0.0.1:8080\r\n"
        "User-Agent: Lavf/59.27.100\r\n"
        "Accept: */*\r\n"
        "Range: bytes=0-\r\n"
        "Connection: close\r\n"
        "Icy-MetaData: 1\r\n"
        "\r\n");
    REQUIRE_FALSE(out.error);
    REQUIRE(out.requests.size() == 1);
    CHECK(out.requests[0] ==
          "GET|/live/test.flv?token=abc&x=1|/live/test.flv|token=abc&x=1|1.1"
          "|Host=127.0.0.1:8080|User-Agent=Lavf/59.27.100|Accept=*/*|Range=bytes=0-"
          "|Connection=close|Icy-MetaData=1");
}

TEST_CASE("request fields: case-insensitive lookup, trimmed values, token lists", "[http][request]") {
    request_parser p;
    auto bytes = bytes_of(
        "GET /a/b.flv HTTP/1.1\r\nhOsT: example.com \r\nCONNECTION:\t keep-alive, Upgrade\t\r\n"
        "X-Empty:\r\n\r\n");
    REQUIRE_FALSE(p.feed(bytes));
    auto r = p.next();
    REQUIRE(r);
    CHECK(r->headers.find("Host") == "example.com");
    CHECK(r->headers.find("host") == "example.com");
    CHECK(r->headers.find("x-empty") == "");
    CHECK_FALSE(r->headers.find("Content-Length"));
    CHECK(r->headers.has_token("Connection", "UPGRADE"));
    CHECK(r->keep_alive());
    CHECK_FALSE(r->is_head());
    CHECK_FALSE(p.next());
    CHECK_FALSE(p.in_progress());
}

TEST_CASE("HEAD, OPTIONS * and HTTP/1.0 requests", "[http][request]") {
    auto head = parse_everywhere("HEAD /live/a.flv HTTP/1.0\r\n\r\n");
    REQUIRE_FALSE(head.error);
    CHECK(head.requests == std::vector<std::string>{"HEAD|/live/a.flv|/live/a.flv||1.0"});

    auto star = parse_once("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE_FALSE(star.error);
    CHECK(star.requests == std::vector<std::string>{"OPTIONS|*|*||1.1|Host=x"});
    CHECK(parse_once("GET * HTTP/1.1\r\nHost: x\r\n\r\n").error == errc::bad_target);

    request_parser p;
    REQUIRE_FALSE(p.feed(bytes_of("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET / HTTP/1.0\r\n\r\n")));
    auto a = p.next();
    auto b = p.next();
    REQUIRE((a && b));
    CHECK(a->keep_alive());
    CHECK_FALSE(b->keep_alive());
}

TEST_CASE("absolute-form targets are reduced to path and query", "[http][request]") {
    auto out = parse_once("GET http://Example.com:8080/live/x.flv?q=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
    REQUIRE_FALSE(out.error);
    CHECK(out.requests[0] == "GET|http://Example.com:8080/live/x.flv?q=1|/live/x.flv|q=1|1.1|Host=example.com:8080");
    auto bare = parse_once("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n");
    REQUIRE_FALSE(bare.error);
    CHECK(bare.requests[0] == "GET|http://example.com|/||1.1|Host=example.com");
    CHECK(parse_once("GET ftp://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n").error == errc::bad_target);
    CHECK(parse_once("GET example.com:80 HTTP/1.1\r\nHost: x\r\n\r\n").error == errc::bad_target);
}

TEST_CASE("percent-decoding of the path: valid escapes, and the ones refused", "[http][request]") {
    auto path_of = [](std::string_view target) {
        auto out = parse_once("GET " + std::string(target) + " HTTP/1.1\r\nHost: h\r\n\r\n");
        return out;
    };
    auto ok = path_of("/live/a%20b%2e%E4%bd%A0.flv?x=%2F");
    REQUIRE_FALSE(ok.error);
    // The path is decoded (UTF-8 bytes pass through), the query is left raw.
    CHECK(ok.requests[0] == "GET|/live/a%20b%2e%E4%bd%A0.flv?x=%2F|/live/a b.\xE4\xBD\xA0.flv|x=%2F|1.1|Host=h");
    CHECK(path_of("/live/%").error == errc::bad_target);         // nothing after '%'
    CHECK(path_of("/live/%4").error == errc::bad_target);        // one digit only
    CHECK(path_of("/live/%4g.flv").error == errc::bad_target);   // not hex
    CHECK(path_of("/live/%00.flv").error == errc::bad_target);   // NUL
    CHECK(path_of("/live/%0d%0a.flv").error == errc::bad_target);  // CR LF
    CHECK(path_of("/live/%7F.flv").error == errc::bad_target);   // DEL
    CHECK(path_of("/live%2Fx/a.flv").error == errc::bad_target);  // encoded slash
    CHECK(path_of("/live%2fx/a.flv").error == errc::bad_target);
    CHECK(path_of("/live/a.flv#frag").error == errc::bad_target);  // no fragment in a target
    CHECK(path_of("/live/\x01.flv").error == errc::bad_target);
    CHECK(path_of("/live/\xC3\xA9.flv").error == errc::bad_target);  // raw non-ASCII must be escaped
    CHECK(path_of("/%25").requests.at(0) == "GET|/%25|/%||1.1|Host=h");
}

TEST_CASE("malformed request lines are refused with precise errors", "[http][request]") {
    CHECK(parse_once("GET /a.flv\r\n\r\n").error == errc::bad_request_line);  // HTTP/0.9 style
    CHECK(parse_once("GET  /a.flv HTTP/1.1\r\n\r\n").error == errc::bad_request_line);
    CHECK(parse_once("GET /a.flv  HTTP/1.1\r\n\r\n").error == errc::bad_request_line);
    CHECK(parse_once("GET /a.flv HTTP/1.1 \r\n\r\n").error == errc::bad_request_line);
    CHECK(parse_once("G(T /a.flv HTTP/1.1\r\n\r\n").error == errc::bad_request_line);
    CHECK(parse_once("GET /a.flv http/1.1\r\n\r\n").error == errc::bad_request_line);
    CHECK(parse_once("GET /a.flv HTTP/1.10\r\n\r\n").error == errc::bad_request_line);
    CHECK(parse_once("GET /a.flv HTTP/2.0\r\n\r\n").error == errc::unsupported_version);
    CHECK(parse_once("GET /a.flv HTTP/1.2\r\n\r\n").error == errc::unsupported_version);
    CHECK(parse_once("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n"sv).error == errc::bad_request_line);  // TLS
    CHECK(parse_once("\r\n\r\n\r\n\r\n\r\n\r\n").error == errc::bad_request_line);
    // A couple of leading empty lines are tolerated (RFC 9112 2.2).
    auto lead = parse_once("\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
    REQUIRE_FALSE(lead.error);
    CHECK(lead.requests.size() == 1);
    // RTMP's C0 byte is not a token character: someone aimed an RTMP client at us.
    CHECK(parse_once("\x03\x00\x00\x00\x00 x y\r\n"sv).error == errc::bad_request_line);
}

TEST_CASE("malformed header fields are refused", "[http][request]") {
    CHECK(parse_once("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n").error == errc::obs_fold);
    CHECK(parse_once("GET / HTTP/1.1\r\n\tHost: h\r\n\r\n").error == errc::obs_fold);
    CHECK(parse_once("GET / HTTP/1.1\r\nHost : h\r\n\r\n").error == errc::bad_header);
    CHECK(parse_once("GET / HTTP/1.1\r\nHost h\r\n\r\n").error == errc::bad_header);
    CHECK(parse_once("GET / HTTP/1.1\r\n: h\r\n\r\n").error == errc::bad_header);
    CHECK(parse_once("GET / HTTP/1.1\r\nHo(st: h\r\n\r\n").error == errc::bad_header);
    CHECK(parse_once("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"sv).error == errc::bad_header);
    CHECK(parse_once("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n").error == errc::bad_header);
    CHECK(parse_once("GET / HTTP/1.1\r\n\r\n").error == errc::bad_host);
    CHECK(parse_once("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").error == errc::bad_host);
    CHECK_FALSE(parse_once("GET / HTTP/1.0\r\n\r\n").error);  // 1.0 needs no Host
    // Bare LF line endings are accepted (RFC 9112 2.2).
    auto lf = parse_once("GET /x HTTP/1.1\nHost: h\n\n");
    REQUIRE_FALSE(lf.error);
    CHECK(lf.requests[0] == "GET|/x|/x||1.1|Host=h");
}

TEST_CASE("limits are enforced as bytes arrive, before the line ends", "[http][request]") {
    request_limits limits;
    limits.max_request_line = 64;
    limits.max_header_bytes = 128;
    limits.max_headers = 4;

    // An over-long request line fails as soon as the limit is passed, without a CRLF.
    request_parser p(limits);
    std::string line = "GET /" + std::string(58, 'a');  // 63 bytes
    REQUIRE_FALSE(p.feed(bytes_of(line)));
    CHECK(p.in_progress());
    CHECK(p.feed(bytes_of("b")) == errc::request_line_too_long);  // 64 bytes, no room for LF
    CHECK(p.feed(bytes_of(" HTTP/1.1\r\n")) == errc::request_line_too_long);  // stays dead
    CHECK(lal::http::status_for(p.error()) == 414);

    // Exactly at the limit (CRLF included) is fine.
    auto exact = "GET /" + std::string(48, 'a') + " HTTP/1.1\r\n";  // 64 bytes
    REQUIRE(exact.size() == 64);
    CHECK_FALSE(parse_everywhere(exact + "Host: h\r\n\r\n", limits).error);
    CHECK(parse_everywhere("GET /" + std::string(49, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", limits).error ==
          errc::request_line_too_long);

    // Header bytes: a single endless field fails without a line end.
    request_parser q(limits);
    REQUIRE_FALSE(q.feed(bytes_of("GET / HTTP/1.1\r\nX: ")));
    CHECK(q.feed(bytes_of(std::string(200, 'v'))) == errc::headers_too_large);
    CHECK(lal::http::status_for(q.error()) == 431);

    // Total header bytes at the limit: 4 fields of 30 bytes + final CRLF = 122; then 130.
    std::string fields;
    for (int i = 0; i < 4; ++i) fields += "X-" + std::to_string(i) + ": " + std::string(23, 'v') + "\r\n";
    REQUIRE(fields.size() == 120);
    CHECK_FALSE(parse_everywhere("GET / HTTP/1.0\r\n" + fields + "\r\n", limits).error);
    CHECK(parse_everywhere("GET / HTTP/1.0\r\n" + fields + "Y: 12345\r\n\r\n", limits).error ==
          errc::headers_too_large);
    CHECK(parse_everywhere("GET / HTTP/1.0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n", limits).error ==
          errc::too_many_headers);
}

TEST_CASE("request bodies are read within max_body_bytes, pipelined requests follow", "[http][request]") {
    auto out = parse_everywhere(
        "POST /live/a.flv HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
        "PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nT: v\r\n\r\n"
        "GET /y HTTP/1.1\r\nHost: h\r\nContent-Length: 0, 0\r\n\r\n");
    REQUIRE_FALSE(out.error);
    REQUIRE(out.requests.size() == 3);
    CHECK(out.requests[0].starts_with("POST|/live/a.flv|"));
    CHECK(out.requests[1].starts_with("PUT|/x|"));
    CHECK(out.requests[2].starts_with("GET|/y|"));

    request_limits small;
    small.max_body_bytes = 4;
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", small).error == errc::body_too_large);
    auto chunked = parse_once("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                              small);
    CHECK(chunked.error == errc::body_too_large);
    CHECK(chunked.requests.empty());  // a request comes out only with its whole body
    CHECK(lal::http::status_for(make_error_code(errc::body_too_large)) == 413);
}

TEST_CASE("conflicting or untrustworthy body framing is refused", "[http][request]") {
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\n").error == errc::bad_content_length);
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").error ==
          errc::bad_content_length);
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n").error == errc::bad_content_length);
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n").error ==
          errc::bad_content_length);
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n").error ==
          errc::bad_transfer_encoding);
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n").error ==
          errc::bad_transfer_encoding);
    CHECK(parse_once("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").error == errc::bad_transfer_encoding);
    CHECK(parse_once("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").error == errc::bad_chunk);
}

TEST_CASE("status_for maps each request error to its HTTP status", "[http][request]") {
    using lal::http::status_for;
    CHECK(status_for(errc::bad_request_line) == 400);
    CHECK(status_for(errc::bad_target) == 400);
    CHECK(status_for(errc::bad_header) == 400);
    CHECK(status_for(errc::obs_fold) == 400);
    CHECK(status_for(errc::bad_host) == 400);
    CHECK(status_for(errc::bad_content_length) == 400);
    CHECK(status_for(errc::bad_transfer_encoding) == 400);
    CHECK(status_for(errc::route_not_found) == 404);
    CHECK(status_for(errc::body_too_large) == 413);
    CHECK(status_for(errc::request_line_too_long) == 414);
    CHECK(status_for(errc::headers_too_large) == 431);
    CHECK(status_for(errc::too_many_headers) == 431);
    CHECK(status_for(errc::unsupported_version) == 505);
    CHECK(status_for(std::make_error_code(std::errc::io_error)) == 500);
    CHECK(std::error_code(errc::obs_fold).message() == "obsolete header line folding");
    CHECK(std::string(std::error_code(errc::obs_fold).category().name()) == "lal.http");
}

TEST_CASE("every error has its own message, and a status or a close code", "[http][error]") {
    std::set<std::string> messages;
    for (int e = 1; e <= static_cast<int>(errc::websocket_bad_accept); ++e) {
        auto ec = make_error_code(static_cast<errc>(e));
        INFO(e << ": " << ec.message());
        CHECK_FALSE(ec.message().starts_with("unknown lal."));
        CHECK(messages.insert(ec.message()).second);
        auto status = lal::http::status_for(ec);
        CHECK(status >= 400);
        CHECK(status <= 505);
    }
    CHECK(lal::http::status_for(errc::websocket_bad_version) == 426);
    CHECK(lal::http::status_for(errc::websocket_bad_method) == 400);
    CHECK(std::string(lal::http::category().name()) == "lal.http");

    namespace ws = lal::http::ws;
    std::set<std::string> ws_messages;
    for (int e = 1; e <= static_cast<int>(ws::errc::invalid_utf8); ++e) {
        auto ec = ws::make_error_code(static_cast<ws::errc>(e));
        INFO(e << ": " << ec.message());
        CHECK_FALSE(ec.message().starts_with("unknown lal."));
        CHECK(ws_messages.insert(ec.message()).second);
        auto code = ws::close_code_for(ec);
        CHECK((code == ws::close_code::protocol_error || code == ws::close_code::invalid_payload ||
               code == ws::close_code::message_too_big));
    }
    CHECK(ws::close_code_for(std::make_error_code(std::errc::io_error)) == ws::close_code::internal_error);
}
