// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lal::http::detail {

constexpr char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// Value of a hex digit, or -1.
constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// tchar of RFC 9110 5.6.2: the characters of a token (method, field name).
constexpr bool is_tchar(char c) noexcept {
    if (is_digit(c) || is_alpha(c)) return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
        case '-': case '.': case '^': case '_': case '`': case '|': case '~':
            return true;
        default:
            return false;
    }
}

/// field-vchar / SP / HTAB of RFC 9110 5.5: VCHAR, obs-text, space and tab; no CTLs.
constexpr bool is_field_char(char c) noexcept {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || u == ' ' || (u >= 0x21 && u != 0x7f);
}

constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

/// Characters a request-target may carry unescaped: VCHAR except '#'. RFC 3986
/// 3.3 and 3.4 are stricter, but clients send '|' or '^' raw and accepting them
/// costs nothing. No CTL, space or non-ASCII byte.
constexpr bool is_target_char(char c) noexcept {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '#';
}

/// True for a non-empty token.
constexpr bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_tchar(c)) return false;
    }
    return true;
}

/// `s` without leading and trailing optional whitespace (RFC 9110 5.6.3).
constexpr std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

/// 1*DIGIT as an unsigned value; nullopt when empty, not all digits or above 2^62.
constexpr std::optional<std::uint64_t> parse_decimal(std::string_view s) noexcept {
    if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits < 2^62 always
    std::uint64_t v = 0;
    for (char c : s) {
        if (!is_digit(c)) return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

}  // namespace lal::http::detail
