// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lal {

/// Read-only view of bytes, the type every parser takes.
using byte_span = std::span<const std::byte>;

/// Views the characters of a string as bytes.
inline byte_span as_byte_span(std::string_view s) noexcept {
    return std::as_bytes(std::span(s.data(), s.size()));
}

/// Views bytes as characters (no copy).
inline std::string_view as_string_view(byte_span b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

/// Copies bytes into a vector.
inline std::vector<std::byte> to_vector(byte_span b) { return {b.begin(), b.end()}; }

/// Reads big-endian integers of 1..8 bytes (caller checks the length).
inline std::uint64_t load_be(const std::byte* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | std::to_integer<std::uint64_t>(p[i]);
    return v;
}

/// Reads little-endian integers of 1..8 bytes (caller checks the length).
inline std::uint64_t load_le(const std::byte* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = n; i > 0; --i) v = (v << 8) | std::to_integer<std::uint64_t>(p[i - 1]);
    return v;
}

/// Writes the low `n` bytes of `v` big-endian at `p`.
inline void store_be(std::byte* p, std::uint64_t v, std::size_t n) noexcept {
    for (std::size_t i = n; i > 0; --i) {
        p[i - 1] = static_cast<std::byte>(v & 0xff);
        v >>= 8;
    }
}

/// Writes the low `n` bytes of `v` little-endian at `p`.
inline void store_le(std::byte* p, std::uint64_t v, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        p[i] = static_cast<std::byte>(v & 0xff);
        v >>= 8;
    }
}

}  // namespace lal
