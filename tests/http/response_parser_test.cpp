// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/http/error.hpp>
#include <lal/http/response_parser.hpp>

#include "hex.hpp"
#include "split_feed.hpp"

using lal::http::body_framing;
using lal::http::errc;
using lal::http::response_limits;
using lal::http::response_parser;
using lal::test::bytes_of;
using namespace std::literals;

namespace {

/// Events flattened to text, with body bytes joined, so runs can be compared
/// whatever the split points did to the body pieces.
struct outcome {
    std::vector<std::string> events;
    std::string body;
    std::error_code error;
    friend bool operator==(const outcome&, const outcome&) = default;
};

void drain(response_parser& p, outcome& out) {
    while (auto e = p.next()) {
        if (auto* h = std::get_if<lal::http::response_head>(&*e)) {
            std::string s = "head " + std::to_string(h->status) + " " + h->reason + " 1." +
                            std::to_string(h->version.minor) + " framing=" +
                            std::to_string(static_cast<int>(h->framing)) + " len=" +
                            std::to_string(h->content_length);
            for (const auto& f : h->headers) s += "|" + f.name + "=" + f.value;
            out.events.push_back(s);
        } else if (auto* r = std::get_if<lal::http::redirect>(&*e)) {
            out.events.push_back("redirect " + std::to_string(r->status) + " " + r->location);
        } else if (auto* b = std::get_if<lal::http::body_data>(&*e)) {
            REQUIRE_FALSE(b->bytes.empty());
            out.body += lal::as_string_view(b->bytes.bytes());
        } else {
            out.events.push_back("end");
        }
    }
}

template <class Feeder>
outcome run_parser(const Feeder& feeder, bool close_at_end, bool head_request, response_limits limits) {
    response_parser p(limits);
    if (head_request) p.expect_head_response();
    outcome out;
    feeder([&](lal::byte_span chunk) {
        if (out.error) return;
        out.error = p.feed(chunk);
        drain(p, out);
    });
    if (!out.error && close_at_end) {
        out.error = p.finish();
        drain(p, out);
    }
    return out;
}

outcome parse_everywhere(std::string_view text, bool close_at_end = true, bool head_request = false,
                         response_limits limits = {}) {
    auto bytes = bytes_of(text);
    auto runs = lal::test::all_feedings(
        bytes, [&](const auto& feeder) { return run_parser(feeder, close_at_end, head_request, limits); });
    for (std::size_t i = 1; i < runs.size(); ++i) {
        INFO("feeding #" << i);
        REQUIRE(runs[i] == runs[0]);
    }
    return runs[0];
}

}  // namespace

TEST_CASE("a close-delimited FLV response ends when the peer closes", "[http][response_parser]") {
    auto flv = "FLV\x01\x05\x00\x00\x00\x09\x00\x00\x00\x00"sv;
    auto out = parse_everywhere(
        "HTTP/1.1 200 OK\r\nServer: lal\r\nContent-Type: video/x-flv\r\nConnection: close\r\n\r\n"s + std::string(flv));
    REQUIRE_FALSE(out.error);
    CHECK(out.events == std::vector<std::string>{
                            "head 200 OK 1.1 framing=3 len=0|Server=lal|Content-Type=video/x-flv|Connection=close",
                            "end"});
    CHECK(out.body == flv);
}

TEST_CASE("Content-Length bodies end at their length and ignore what follows", "[http][response_parser]") {
    auto out = parse_everywhere("HTTP/1.0 404 Not Found\r\nContent-Length: 10\r\n\r\nnot found\nEXTRA", false);
    REQUIRE_FALSE(out.error);
    CHECK(out.events == std::vector<std::string>{"head 404 Not Found 1.0 framing=1 len=10|Content-Length=10", "end"});
    CHECK(out.body == "not found\n");

    auto empty = parse_everywhere("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(empty.events.back() == "end");
    CHECK(empty.body.empty());

    // Closed before the length was reached.
    auto cut = parse_everywhere("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
    CHECK(cut.error == errc::truncated_message);
    CHECK(cut.body == "short");
}

TEST_CASE("chunked bodies are decoded with extensions and trailers", "[http][response_parser]") {
    auto out = parse_everywhere(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 999\r\n\r\n"
        "4;name=value;flag\r\nWiki\r\n"
        "5 ; q=\"quoted;str\"\r\npedia\r\n"
        "000E\r\n in\r\n\r\nchunks.\r\n"
        "0;last\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n"
        "ignored after the message",
        false);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.events.size() == 2);
    CHECK(out.events[0].starts_with("head 200 OK 1.1 framing=2"));  // chunked wins over Content-Length
    CHECK(out.events[1] == "end");
    CHECK(out.body == "Wikipedia in\r\n\r\nchunks.");
}

TEST_CASE("chunked framing errors and limits", "[http][response_parser]") {
    auto head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"s;
    CHECK(parse_everywhere(head + "x\r\n").error == errc::bad_chunk);
    CHECK(parse_everywhere(head + ";ext\r\n").error == errc::bad_chunk);
    CHECK(parse_everywhere(head + "4x\r\n").error == errc::bad_chunk);
    CHECK(parse_everywhere(head + "4\r\nWikiXX").error == errc::bad_chunk);  // no CRLF after data
    CHECK(parse_everywhere(head + "1000000000000000\r\n").error == errc::bad_chunk);  // 16 significant digits
    CHECK(parse_everywhere(head + "4;a=\x01\r\n").error == errc::bad_chunk);
    CHECK_FALSE(parse_everywhere(head + "00000000000000000001\r\nA\r\n0\r\n\r\n").error);  // zeros are fine
    CHECK(parse_everywhere(head + "4\r\nWiki\r\n").error == errc::truncated_message);  // closed mid-body
    CHECK(parse_everywhere(head + "0\r\nbad trailer\r\n\r\n").error == errc::bad_header);

    response_limits limits;
    limits.chunks.max_chunk_line = 16;
    limits.chunks.max_trailer_bytes = 20;
    limits.chunks.max_trailers = 1;
    CHECK(parse_everywhere(head + "4;" + std::string(20, 'e'), true, false, limits).error ==
          errc::chunk_line_too_long);
    CHECK(parse_everywhere(head + "0\r\nX: " + std::string(30, 'v'), true, false, limits).error ==
          errc::headers_too_large);
    CHECK(parse_everywhere(head + "0\r\nA: 1\r\nB: 2\r\n\r\n", true, false, limits).error == errc::too_many_headers);
}

TEST_CASE("interim 1xx responses are skipped, and 204, 304 and HEAD answers have no body", "[http][response_parser]") {
    auto out = parse_everywhere("HTTP/1.1 100 Continue\r\nX: y\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                                false);
    REQUIRE_FALSE(out.error);
    CHECK(out.events == std::vector<std::string>{"head 200 OK 1.1 framing=1 len=2|Content-Length=2", "end"});
    CHECK(out.body == "ok");

    auto no_content = parse_everywhere("HTTP/1.1 204 No Content\r\n\r\n", false);
    CHECK(no_content.events == std::vector<std::string>{"head 204 No Content 1.1 framing=0 len=0", "end"});
    auto head = parse_everywhere("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nConnection: close\r\n\r\n", false,
                                 true);
    REQUIRE(head.events.size() == 2);
    CHECK(head.events[0].starts_with("head 200 OK 1.1 framing=0"));
    CHECK(head.body.empty());
}

TEST_CASE("redirects with a Location are reported and end the parse", "[http][response_parser]") {
    for (int status : {301, 302, 303, 307, 308}) {
        auto out = parse_everywhere("HTTP/1.1 " + std::to_string(status) +
                                        " Moved\r\nLocation: http://other:8080/live/b.flv\r\nContent-Length: 4\r\n\r\n"
                                        "body",
                                    false);
        REQUIRE_FALSE(out.error);
        CHECK(out.events == std::vector<std::string>{"redirect " + std::to_string(status) + " http://other:8080/live/b.flv"});
        CHECK(out.body.empty());
    }
    // Without Location a 3xx is an ordinary response.
    auto bare = parse_everywhere("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(bare.events.at(0).starts_with("head 302 Found"));
}

TEST_CASE("status line and header errors", "[http][response_parser]") {
    CHECK(parse_everywhere("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", false).events.at(0).starts_with("head 200  1.1"));
    CHECK(parse_everywhere("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", false).events.at(0).starts_with("head 200  1.1"));
    CHECK(parse_everywhere("HTTP/2 200 OK\r\n\r\n").error == errc::bad_status_line);
    CHECK(parse_everywhere("HTTP/1.1 20 OK\r\n\r\n").error == errc::bad_status_line);
    CHECK(parse_everywhere("HTTP/1.1 2000 OK\r\n\r\n").error == errc::bad_status_line);
    CHECK(parse_everywhere("HTTP/1.1 600 Odd\r\n\r\n").error == errc::bad_status_line);
    CHECK(parse_everywhere("HTTP/1.1  200 OK\r\n\r\n").error == errc::bad_status_line);
    CHECK(parse_everywhere("ICY 200 OK\r\n\r\n").error == errc::bad_status_line);
    CHECK(parse_everywhere("FLV\x01\x05\x00\x00\x00\x09\r\n"sv).error == errc::bad_status_line);
    CHECK(parse_everywhere("HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n").error == errc::bad_header);
    CHECK(parse_everywhere("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n").error == errc::bad_content_length);
    CHECK(parse_everywhere("HTTP/1.1 200 OK\r\nContent-Le").error == errc::truncated_message);
    CHECK(parse_everywhere("").error == errc::truncated_message);

    response_limits limits;
    limits.max_status_line = 20;
    limits.max_header_bytes = 32;
    limits.max_headers = 2;
    CHECK(parse_everywhere("HTTP/1.1 200 " + std::string(30, 'r'), true, false, limits).error ==
          errc::status_line_too_long);
    CHECK(parse_everywhere("HTTP/1.1 200 OK\r\nX: " + std::string(40, 'v'), true, false, limits).error ==
          errc::headers_too_large);
    CHECK(parse_everywhere("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", true, false, limits).error ==
          errc::too_many_headers);
}

TEST_CASE("Transfer-Encoding without chunked last reads until close", "[http][response_parser]") {
    auto out = parse_everywhere("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes");
    REQUIRE_FALSE(out.error);
    CHECK(out.events.at(0).starts_with("head 200 OK 1.1 framing=3"));
    CHECK(out.body == "raw bytes");
}

TEST_CASE("a parser error is sticky", "[http][response_parser]") {
    response_parser p;
    CHECK(p.feed(bytes_of("NOPE\r\n")) == errc::bad_status_line);
    CHECK(p.feed(bytes_of("HTTP/1.1 200 OK\r\n\r\n")) == errc::bad_status_line);
    CHECK(p.finish() == errc::bad_status_line);
    CHECK_FALSE(p.next());
}
