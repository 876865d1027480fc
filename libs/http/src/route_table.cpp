// SPDX-License-Identifier: MIT
#include <lal/http/route_table.hpp>

#include <algorithm>

namespace lal::http {
namespace {

bool path_matches(match_kind kind, std::string_view pattern, std::string_view path) noexcept {
    switch (kind) {
        case match_kind::exact: return path == pattern;
        case match_kind::prefix: return !pattern.empty() && path.starts_with(pattern);
        case match_kind::suffix: return path.ends_with(pattern);
    }
    return false;
}

/// Rank of a match: a higher tuple wins (kind first, then pattern length).
int kind_rank(match_kind kind) noexcept {
    switch (kind) {
        case match_kind::exact: return 2;
        case match_kind::prefix: return 1;
        case match_kind::suffix: return 0;
    }
    return 0;
}

void add_method(std::vector<std::string>& list, std::string_view m) {
    if (std::find(list.begin(), list.end(), m) == list.end()) list.emplace_back(m);
}

}  // namespace

std::size_t route_table::add(match_kind kind, std::string pattern, std::vector<std::string> methods) {
    routes_.push_back({kind, std::move(pattern), std::move(methods)});
    return routes_.size() - 1;
}

bool route_table::accepts(const route& r, std::string_view method) noexcept {
    if (r.methods.empty()) return true;
    return std::find(r.methods.begin(), r.methods.end(), method) != r.methods.end();
}

std::string route_table::allow_list(const std::vector<const route*>& routes) {
    std::vector<std::string> methods;
    bool any = false;
    for (const auto* r : routes) {
        if (r->methods.empty()) any = true;
        for (const auto& m : r->methods) {
            if (m != "OPTIONS") add_method(methods, m);
        }
    }
    if (any) {
        // A route that takes any method: list the common ones (RFC 9110 9.3).
        for (auto m : {"GET", "HEAD", "POST", "PUT", "DELETE"}) add_method(methods, m);
    }
    // HEAD goes wherever GET does; OPTIONS is always answered, and listed last.
    if (std::find(methods.begin(), methods.end(), "GET") != methods.end()) add_method(methods, "HEAD");
    methods.emplace_back("OPTIONS");
    std::string out;
    for (const auto& m : methods) {
        if (!out.empty()) out += ", ";
        out += m;
    }
    return out;
}

route_match route_table::match(std::string_view method, std::string_view path) const {
    route_match out;
    if (path == "*") {
        // RFC 9112 3.2.4: asterisk-form addresses the server as a whole.
        if (method != "OPTIONS") return out;
        std::vector<const route*> all;
        for (const auto& r : routes_) all.push_back(&r);
        out.result = route_match::outcome::options;
        out.allow = allow_list(all);
        return out;
    }
    // The most specific matching pattern.
    const route* best = nullptr;
    for (const auto& r : routes_) {
        if (!path_matches(r.kind, r.pattern, path)) continue;
        if (!best || kind_rank(r.kind) > kind_rank(best->kind) ||
            (r.kind == best->kind && r.pattern.size() > best->pattern.size())) {
            best = &r;
        }
    }
    if (!best) return out;
    // Every route of that pattern, in registration order.
    std::vector<const route*> same;
    for (const auto& r : routes_) {
        if (r.kind == best->kind && r.pattern == best->pattern) same.push_back(&r);
    }
    auto pick = [&](std::string_view m) -> const route* {
        for (const auto* r : same) {
            if (accepts(*r, m)) return r;
        }
        return nullptr;
    };
    const route* chosen = pick(method);
    if (!chosen && method == "HEAD") chosen = pick("GET");
    if (chosen) {
        out.result = route_match::outcome::matched;
        out.id = static_cast<std::size_t>(chosen - routes_.data());
        return out;
    }
    out.allow = allow_list(same);
    out.result = method == "OPTIONS" ? route_match::outcome::options : route_match::outcome::method_not_allowed;
    return out;
}

}  // namespace lal::http
