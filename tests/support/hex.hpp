// SPDX-License-Identifier: MIT
#pragma once

#include <cctype>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::test {

/// Bytes from hex text; spaces, newlines and ':' are ignored ("02 00 0a").
inline std::vector<std::byte> hex(std::string_view text) {
    std::vector<std::byte> out;
    int hi = -1;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == ':') continue;
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else throw std::invalid_argument("bad hex digit");
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::byte>(hi * 16 + v));
            hi = -1;
        }
    }
    if (hi >= 0) throw std::invalid_argument("odd number of hex digits");
    return out;
}

/// Lower-case hex text of bytes, no separators.
inline std::string to_hex(lal::byte_span bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        auto v = std::to_integer<unsigned>(b);
        out += digits[v >> 4];
        out += digits[v & 15];
    }
    return out;
}

/// Bytes of a string literal.
inline std::vector<std::byte> bytes_of(std::string_view s) {
    auto b = lal::as_byte_span(s);
    return {b.begin(), b.end()};
}

}  // namespace lal::test
