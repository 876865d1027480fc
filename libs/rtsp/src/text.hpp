// SPDX-License-Identifier: MIT
// Small text helpers shared by the header parsers (not installed).
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

namespace lal::rtsp::detail {

/// `s` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// `s` split at `sep`, each piece trimmed; empty pieces dropped.
inline std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        auto at = s.find(sep);
        auto piece = trim(s.substr(0, at));
        if (!piece.empty()) out.push_back(piece);
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return out;
}

/// The whole of `s` as an unsigned number of type T, or nullopt.
template <class T>
std::optional<T> number(std::string_view s) {
    T v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace lal::rtsp::detail
