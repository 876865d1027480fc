// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal {

/// How forgiving base64_decode is.
enum class base64_rules : std::uint8_t {
    /// RFC 4648 4 exactly: length a multiple of 4, the standard alphabet, '='
    /// padding only at the end, the unused bits of the last symbol zero (3.5),
    /// no whitespace. For protocol fields that must be exact (WebSocket keys,
    /// HTTP Basic credentials).
    strict,
    /// Padding optional, whitespace ignored, the URL-safe alphabet's '-' and '_'
    /// accepted (RFC 4648 5): what real cameras put in SDP parameter sets.
    lenient,
};

namespace detail {

/// The 6-bit value of a base64 symbol (the URL-safe ones only when lenient), or -1.
constexpr int base64_value(char c, base64_rules rules) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    if (rules == base64_rules::lenient && c == '-') return 62;
    if (rules == base64_rules::lenient && c == '_') return 63;
    return -1;
}

}  // namespace detail

/// Base64 of RFC 4648 4: standard alphabet, '=' padding.
inline std::string base64_encode(byte_span data) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (auto b : data) {
        acc = (acc << 8) | std::to_integer<std::uint32_t>(b);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
    while (out.size() % 4 != 0) out += '=';
    return out;
}

/// The bytes of base64 `text` under `rules`; nullopt for anything the rules refuse.
inline std::optional<std::vector<std::byte>> base64_decode(std::string_view text,
                                                           base64_rules rules = base64_rules::strict) {
    const bool strict = rules == base64_rules::strict;
    if (strict && text.size() % 4 != 0) return std::nullopt;
    std::vector<std::byte> out;
    out.reserve(text.size() / 4 * 3 + 3);
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t pads = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!strict && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
        if (c == '=') {
            // Strict: at most two, and only as the last symbols of the text.
            if (strict && i + 2 < text.size()) return std::nullopt;
            ++pads;
            continue;
        }
        const int v = detail::base64_value(c, rules);
        if (v < 0 || pads > 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::byte>((acc >> bits) & 0xff));
        }
    }
    // RFC 4648 3.5: the bits left after the last whole byte are zero.
    if (strict && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

}  // namespace lal
