// SPDX-License-Identifier: MIT
// The router's route table: lines "e|p|s <pattern> [METHOD...]" define routes
// until an empty line, the rest is "METHOD path" lines to decide.
// Properties, for each decision:
// - matched: the route's pattern matches the path and accepts the method (or GET
//   for HEAD), and no matching route has a stronger pattern (exact > longer
//   prefix > longer suffix);
// - not found: no pattern matches the path;
// - 405 and OPTIONS: Allow lists OPTIONS, and 405 only when no route of the
//   winning pattern accepts the method;
// - the same decision (pattern and outcome) with the routes registered in
//   reverse order.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <lal/http/route_table.hpp>

#include "fuzz_support.hpp"

namespace http = lal::http;

namespace {

struct route {
    http::match_kind kind;
    std::string pattern;
    std::vector<std::string> methods;
};

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    while (!line.empty()) {
        auto sp = line.find(' ');
        if (sp != 0) out.push_back(line.substr(0, sp));
        if (sp == std::string_view::npos) break;
        line.remove_prefix(sp + 1);
    }
    return out;
}

bool matches(const route& r, std::string_view path) {
    switch (r.kind) {
        case http::match_kind::exact: return path == r.pattern;
        case http::match_kind::prefix: return !r.pattern.empty() && path.starts_with(r.pattern);
        case http::match_kind::suffix: return path.ends_with(r.pattern);
    }
    return false;
}

int rank(const route& r) { return r.kind == http::match_kind::exact ? 2 : r.kind == http::match_kind::prefix ? 1 : 0; }

bool stronger(const route& a, const route& b) {
    return rank(a) > rank(b) || (rank(a) == rank(b) && a.pattern.size() > b.pattern.size());
}

bool accepts(const route& r, std::string_view method) {
    if (r.methods.empty()) return true;
    for (const auto& m : r.methods) {
        if (m == method) return true;
    }
    return false;
}

/// The decision as text that does not depend on route ids.
std::string describe(const http::route_match& m, const std::vector<route>& routes) {
    switch (m.result) {
        case http::route_match::outcome::matched: {
            const auto& r = routes[m.id];
            return "m" + std::to_string(rank(r)) + r.pattern;
        }
        case http::route_match::outcome::not_found: return "404";
        case http::route_match::outcome::method_not_allowed: return "405";
        case http::route_match::outcome::options: return "opt";
    }
    return "?";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = lal::fuzz::text_of(data, size);
    std::vector<route> routes;
    http::route_table table;
    while (!text.empty() && routes.size() < 64) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.empty()) break;
        auto w = words(line);
        if (w.size() < 2 || w[0].size() != 1) continue;
        route r;
        r.kind = w[0][0] == 'e' ? http::match_kind::exact : w[0][0] == 'p' ? http::match_kind::prefix : http::match_kind::suffix;
        r.pattern.assign(w[1]);
        for (std::size_t i = 2; i < w.size(); ++i) r.methods.emplace_back(w[i]);
        table.add(r.kind, r.pattern, r.methods);
        routes.push_back(std::move(r));
    }
    http::route_table reversed;
    std::vector<route> reversed_routes(routes.rbegin(), routes.rend());
    for (const auto& r : reversed_routes) reversed.add(r.kind, r.pattern, r.methods);

    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        auto sp = line.find(' ');
        if (sp == std::string_view::npos) continue;
        auto method = line.substr(0, sp);
        auto path = line.substr(sp + 1);
        auto m = table.match(method, path);
        LAL_FUZZ_CHECK(describe(m, routes) == describe(reversed.match(method, path), reversed_routes));
        const route* best = nullptr;
        for (const auto& r : routes) {
            if (matches(r, path) && (!best || stronger(r, *best))) best = &r;
        }
        if (path == "*") {
            LAL_FUZZ_CHECK(m.result == (method == "OPTIONS" ? http::route_match::outcome::options
                                                            : http::route_match::outcome::not_found));
            continue;
        }
        switch (m.result) {
            case http::route_match::outcome::matched: {
                LAL_FUZZ_CHECK(m.id < routes.size());
                const auto& r = routes[m.id];
                LAL_FUZZ_CHECK(matches(r, path));
                LAL_FUZZ_CHECK(accepts(r, method) || (method == "HEAD" && accepts(r, "GET")));
                LAL_FUZZ_CHECK(best && !stronger(*best, r) && !stronger(r, *best));
                break;
            }
            case http::route_match::outcome::not_found:
                LAL_FUZZ_CHECK(best == nullptr);
                break;
            case http::route_match::outcome::method_not_allowed:
            case http::route_match::outcome::options:
                LAL_FUZZ_CHECK(best != nullptr);
                LAL_FUZZ_CHECK(m.allow.ends_with("OPTIONS"));
                for (const auto& r : routes) {
                    if (r.kind == best->kind && r.pattern == best->pattern) {
                        LAL_FUZZ_CHECK(!accepts(r, method));
                        if (method == "HEAD") LAL_FUZZ_CHECK(!accepts(r, "GET"));
                    }
                }
                LAL_FUZZ_CHECK((m.result == http::route_match::outcome::options) == (method == "OPTIONS"));
                break;
        }
    }
    return 0;
}
