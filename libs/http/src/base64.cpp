// SPDX-License-Identifier: MIT
#include <lal/http/base64.hpp>

#include <cstdint>

namespace lal::http {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The 6-bit value of a base64 symbol, or -1.
constexpr int symbol_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::string base64_encode(byte_span data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    // RFC 4648 4: each 24-bit group becomes four 6-bit symbols.
    for (; i + 3 <= data.size(); i += 3) {
        std::uint32_t v = (std::to_integer<std::uint32_t>(data[i]) << 16) |
                          (std::to_integer<std::uint32_t>(data[i + 1]) << 8) | std::to_integer<std::uint32_t>(data[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    const std::size_t rest = data.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::to_integer<std::uint32_t>(data[i]) << 16;
        if (rest == 2) v |= std::to_integer<std::uint32_t>(data[i + 1]) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::vector<std::byte>> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::vector<std::byte> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int pad = 0;
        if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
        std::uint32_t v = 0;
        for (int j = 0; j < 4; ++j) {
            int s = j >= 4 - pad ? 0 : symbol_value(text[i + static_cast<std::size_t>(j)]);
            if (s < 0) return std::nullopt;
            v = (v << 6) | static_cast<std::uint32_t>(s);
        }
        // RFC 4648 3.5: the bits after the data in a padded group must be zero.
        if ((pad == 1 && (v & 0xff) != 0) || (pad == 2 && (v & 0xffff) != 0)) return std::nullopt;
        out.push_back(static_cast<std::byte>(v >> 16));
        if (pad < 2) out.push_back(static_cast<std::byte>(v >> 8));
        if (pad < 1) out.push_back(static_cast<std::byte>(v));
    }
    return out;
}

}  // namespace lal::http
