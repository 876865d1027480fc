// SPDX-License-Identifier: MIT
// HTTP/1.1 requests (RFC 9112 2-7, RFC 9110) as lal::http reads them, with
// their bodies, and the FLV route taken from the path.
// Properties:
// - the same requests (with bodies), error, in-progress state and bytes held
//   after an upgrade request whether fed whole or in pieces;
// - a body never exceeds max_body_bytes;
// - every delivered request is within the limits (varied from the input):
//   request line, header bytes and count; version 1.0 or 1.1; path absolute
//   (or "*"), query without '?', and no Transfer-Encoding without a known framing;
// - an error maps to a 4xx/5xx status a server can answer with;
// - a route rebuilds its path: "/" + app + "/" + stream + ".flv", with no
//   empty, "." or ".." segment.
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include <lal/http/error.hpp>
#include <lal/http/request_parser.hpp>
#include <lal/httpflv/route.hpp>

#include "fuzz_support.hpp"

namespace http = lal::http;

namespace {

std::string describe(const http::request& r) {
    std::string out = r.method + ' ' + r.target + ' ' + r.path + ' ' + r.query + ' ' +
                      std::to_string(r.version.major) + '.' + std::to_string(r.version.minor);
    for (const auto& f : r.headers) out += '\n' + f.name + ':' + f.value;
    out += "\n\n";
    out += lal::as_string_view(r.body.bytes());
    return out;
}

void check_route(const http::request& r) {
    auto route = lal::httpflv::parse_flv_route(r);
    if (!route) {
        LAL_FUZZ_CHECK(route.error() == http::errc::route_not_found);
        return;
    }
    LAL_FUZZ_CHECK(route->query == r.query);
    LAL_FUZZ_CHECK("/" + route->app + "/" + route->stream + ".flv" == r.path);
    LAL_FUZZ_CHECK(!route->stream.empty() && route->stream.find('/') == std::string::npos);
    LAL_FUZZ_CHECK(route->stream != "." && route->stream != "..");
    std::string_view app = route->app;
    while (true) {
        auto slash = app.find('/');
        auto segment = app.substr(0, slash);
        LAL_FUZZ_CHECK(!segment.empty() && segment != "." && segment != "..");
        if (slash == std::string_view::npos) break;
        app.remove_prefix(slash + 1);
    }
}

struct outcome {
    std::vector<std::string> requests;
    std::error_code error;
    bool in_progress = false;
    std::vector<std::byte> held;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome parse(const http::request_limits& limits, Feeder&& feeder) {
    http::request_parser p(limits);
    outcome o;
    feeder([&](lal::byte_span piece) {
        auto ec = p.feed(piece);
        while (auto r = p.next()) {
            LAL_FUZZ_CHECK(r->method.size() + r->target.size() + 11 <= limits.max_request_line);
            LAL_FUZZ_CHECK(r->headers.size() <= limits.max_headers);
            std::size_t header_bytes = 0;
            for (const auto& f : r->headers) header_bytes += f.name.size() + 1 + f.value.size();
            LAL_FUZZ_CHECK(header_bytes <= limits.max_header_bytes);
            LAL_FUZZ_CHECK(r->version.major == 1 && r->version.minor <= 1);
            LAL_FUZZ_CHECK(r->path == "*" || (!r->path.empty() && r->path[0] == '/'));
            LAL_FUZZ_CHECK(r->body.size() <= limits.max_body_bytes);
            check_route(*r);
            o.requests.push_back(describe(*r));
        }
        if (ec) {
            LAL_FUZZ_CHECK(p.error() == ec);
            o.error = ec;
        }
        return !ec;
    });
    o.in_progress = p.in_progress();
    if (p.paused()) o.held = p.take_held();
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    http::request_limits limits;
    if (seed % 4 == 0) {
        limits.max_request_line = 16 + seed % 200;
        limits.max_header_bytes = 16 + (seed >> 8) % 400;
        limits.max_headers = (seed >> 16) % 8;
        limits.max_body_bytes = (seed >> 20) % 100;
    }

    auto whole = parse(limits, [&](auto&& feed) { feed(in); });
    auto pieces = parse(limits, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    if (whole.error) {
        auto status = http::status_for(whole.error);
        LAL_FUZZ_CHECK(status == 400 || status == 413 || status == 414 || status == 431 || status == 505);
    }
    return 0;
}
