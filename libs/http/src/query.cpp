// SPDX-License-Identifier: MIT
#include <lal/http/query.hpp>

#include <lal/http/error.hpp>

#include "text.hpp"

namespace lal::http {
namespace {

/// Calls `f(name, value)` with the raw pieces of each non-empty `&`-separated item.
template <class F>
void for_each_raw_pair(std::string_view raw, F&& f) {
    while (!raw.empty()) {
        auto amp = raw.find('&');
        auto item = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (item.empty()) continue;
        auto eq = item.find('=');
        if (!f(item.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1))) return;
    }
}

}  // namespace

lal::result<std::string> percent_decode(std::string_view raw, bool plus_is_space) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c != '%') {
            out += c;
        } else {
            // RFC 3986 2.1: pct-encoded = "%" HEXDIG HEXDIG
            if (raw.size() - i < 3) return errc::bad_query;
            int hi = detail::hex_value(raw[i + 1]);
            int lo = detail::hex_value(raw[i + 2]);
            if (hi < 0 || lo < 0) return errc::bad_query;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
    }
    return out;
}

lal::result<std::vector<query_param>> parse_query(std::string_view raw) {
    std::vector<query_param> out;
    std::error_code error;
    for_each_raw_pair(raw, [&](std::string_view name, std::string_view value) {
        auto n = percent_decode(name, true);
        auto v = percent_decode(value, true);
        if (!n || !v) {
            error = errc::bad_query;
            return false;
        }
        out.push_back({std::move(*n), std::move(*v)});
        return true;
    });
    if (error) return error;
    return out;
}

std::optional<std::string> query_value(std::string_view raw, std::string_view name) {
    std::optional<std::string> found;
    for_each_raw_pair(raw, [&](std::string_view n, std::string_view v) {
        auto decoded = percent_decode(n, true);
        if (!decoded || *decoded != name) return true;
        auto value = percent_decode(v, true);
        if (!value) return true;
        found = std::move(*value);
        return false;
    });
    return found;
}

}  // namespace lal::http
