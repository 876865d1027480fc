// SPDX-License-Identifier: MIT
// HTTP/1.1 responses as an HTTP-FLV puller reads them (RFC 9112 4-7): status
// line, headers, interim responses, redirects, and bodies by Content-Length,
// chunked coding or connection close.
// Properties:
// - the same events (body bytes joined), error and finish() result whether
//   fed whole or in pieces; after finish() the result is final;
// - events come in order: at most one head or redirect, first; body bytes only
//   after a head; message_end last; body bytes never exceed the input, nor
//   Content-Length when that frames the body; a HEAD response has no body;
// - limits hold: header count; a redirect has a Location.
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/http/error.hpp>
#include <lal/http/response_parser.hpp>

#include "fuzz_support.hpp"

namespace http = lal::http;

namespace {

struct outcome {
    std::vector<std::string> events;  // heads, redirects and ends
    std::vector<std::byte> body;
    std::error_code error;
    std::error_code finish;
    bool done = false;
    friend bool operator==(const outcome&, const outcome&) = default;
};

struct checker {
    checker(const http::response_limits& l, bool head) : limits(l), head_request(head) {}

    const http::response_limits& limits;
    bool head_request;
    bool have_head = false;
    bool ended = false;
    std::optional<std::uint64_t> length;

    void operator()(const http::response_event& ev, outcome& o) {
        LAL_FUZZ_CHECK(!ended);
        if (const auto* h = std::get_if<http::response_head>(&ev)) {
            LAL_FUZZ_CHECK(!have_head && o.events.empty());
            // 101 ends HTTP on the connection, so it is final too (RFC 9110 15.2.2).
            LAL_FUZZ_CHECK((h->status >= 200 && h->status <= 999) || h->status == 101);
            LAL_FUZZ_CHECK(h->headers.size() <= limits.max_headers);
            if (head_request) LAL_FUZZ_CHECK(h->framing == http::body_framing::none);
            if (h->framing == http::body_framing::content_length) length = h->content_length;
            have_head = true;
            std::string e = "head " + std::to_string(h->status) + ' ' + h->reason + ' ' +
                             std::to_string(static_cast<int>(h->framing)) + ' ' + std::to_string(h->content_length);
            for (const auto& f : h->headers) e += '\n' + f.name + ':' + f.value;
            o.events.push_back(std::move(e));
        } else if (const auto* r = std::get_if<http::redirect>(&ev)) {
            LAL_FUZZ_CHECK(!have_head && o.events.empty());
            LAL_FUZZ_CHECK(r->status >= 300 && r->status < 400);
            ended = true;
            o.events.push_back("redirect " + std::to_string(r->status) + ' ' + r->location);
        } else if (const auto* b = std::get_if<http::body_data>(&ev)) {
            LAL_FUZZ_CHECK(have_head && !b->bytes.empty());
            auto bytes = b->bytes.bytes();
            o.body.insert(o.body.end(), bytes.begin(), bytes.end());
            if (length) LAL_FUZZ_CHECK(o.body.size() <= *length);
        } else {
            LAL_FUZZ_CHECK(have_head);
            if (length) LAL_FUZZ_CHECK(o.body.size() == *length);
            ended = true;
            o.events.push_back("end");
        }
    }
};

template <class Feeder>
outcome parse(const http::response_limits& limits, bool head_request, Feeder&& feeder) {
    http::response_parser p(limits);
    if (head_request) p.expect_head_response();
    outcome o;
    checker check(limits, head_request);
    feeder([&](lal::byte_span piece) {
        auto ec = p.feed(piece);
        while (auto ev = p.next()) check(*ev, o);
        if (ec) o.error = ec;
        return !ec;
    });
    o.finish = p.finish();
    while (auto ev = p.next()) check(*ev, o);
    o.done = p.done();
    LAL_FUZZ_CHECK(o.done == check.ended);
    LAL_FUZZ_CHECK(p.finish() == o.finish);
    LAL_FUZZ_CHECK(!p.next());
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    http::response_limits limits;
    if (seed % 4 == 0) {
        limits.max_status_line = 16 + seed % 100;
        limits.max_header_bytes = 16 + (seed >> 8) % 400;
        limits.max_headers = (seed >> 16) % 8;
        limits.chunks.max_chunk_line = 3 + (seed >> 4) % 30;
        limits.chunks.max_trailer_bytes = (seed >> 12) % 100;
        limits.chunks.max_trailers = (seed >> 20) % 4;
    }
    bool head_request = (seed >> 24) % 5 == 0;

    auto whole = parse(limits, head_request, [&](auto&& feed) { feed(in); });
    auto plan = lal::fuzz::plan_for(in);
    auto pieces = parse(limits, head_request, [&](auto&& feed) { lal::fuzz::feed_pieces(in, plan, feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    LAL_FUZZ_CHECK(whole.body.size() <= in.size());
    return 0;
}
