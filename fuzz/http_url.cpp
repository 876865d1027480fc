// SPDX-License-Identifier: MIT
// URLs and paths an HTTP-FLV client and server handle: parse_url (RFC 9110
// 4.2.1), resolve_reference (RFC 3986 5.2, for Location), percent_decode_path
// (RFC 3986 2.1) and parse_flv_route. The input's first line is a URL, the
// rest a reference to resolve against it (or against a fixed base).
// Properties:
// - a parsed URL has scheme http or https (lower case) and prints
//   (to_string) to text that parses to the same URL; the target is origin-form; the Host field is never empty;
// - a resolved reference is a URL with the same properties;
// - a decoded path never contains NUL or other control characters that were
//   not in the raw text, and is never longer than it;
// - a route rebuilds its path.
#include <cstdint>
#include <string>
#include <string_view>

#include <lal/http/error.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/http/url.hpp>

#include "fuzz_support.hpp"

namespace http = lal::http;

namespace {

bool has_control(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

void check_url(const http::url& u) {
    LAL_FUZZ_CHECK(u.scheme == "http" || u.scheme == "https");
    LAL_FUZZ_CHECK(!u.host.empty());
    LAL_FUZZ_CHECK(!u.target.empty() && u.target[0] == '/');
    LAL_FUZZ_CHECK(u.target.find('#') == std::string::npos);
    LAL_FUZZ_CHECK(!http::host_header(u).empty());
    auto text = http::to_string(u);
    auto again = http::parse_url(text);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(*again == u);
}

void check_path(std::string_view raw, std::string_view query) {
    auto decoded = http::percent_decode_path(raw);
    if (!decoded) {
        LAL_FUZZ_CHECK(decoded.error() == http::errc::bad_target);
        return;
    }
    LAL_FUZZ_CHECK(decoded->size() <= raw.size());
    if (!has_control(raw)) LAL_FUZZ_CHECK(!has_control(*decoded));
    auto route = lal::httpflv::parse_flv_route(*decoded, query);
    if (!route) return;
    LAL_FUZZ_CHECK("/" + route->app + "/" + route->stream + ".flv" == *decoded);
    LAL_FUZZ_CHECK(route->query == query);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = lal::fuzz::text_of(data, size);
    auto newline = text.find('\n');
    auto first = text.substr(0, newline);
    auto rest = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);

    auto base = http::parse_url(first);
    if (base) {
        check_url(*base);
    } else {
        auto e = base.error();
        LAL_FUZZ_CHECK(e == http::errc::bad_url || e == http::errc::unsupported_scheme);
    }

    static const auto fixed_base = http::parse_url("http://example.com:8080/live/a/b.flv?x=1").value();
    auto resolved = http::resolve_reference(base ? *base : fixed_base, rest.empty() ? first : rest);
    if (resolved) check_url(*resolved);

    auto q = first.find('?');
    check_path(first.substr(0, q), q == std::string_view::npos ? std::string_view{} : first.substr(q + 1));
    return 0;
}
