// SPDX-License-Identifier: MIT
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::h3 {

/// The largest value a QUIC variable-length integer holds (RFC 9000 16).
inline constexpr std::uint64_t max_varint = (std::uint64_t{1} << 62) - 1;

/// A decoded QUIC varint and the bytes it took.
struct varint {
    std::uint64_t value = 0;
    std::size_t size = 0;
};

/// Bytes the shortest encoding of `v` takes (1, 2, 4 or 8; RFC 9000 16).
inline std::size_t varint_size(std::uint64_t v) noexcept {
    if (v < 64) return 1;
    if (v < 16384) return 2;
    if (v < (std::uint64_t{1} << 30)) return 4;
    return 8;
}

/// Decodes the varint at the front of `in`; nullopt when `in` ends inside it.
/// RFC 9000 16: the two high bits of the first byte give the length.
inline std::optional<varint> read_varint(byte_span in) noexcept {
    if (in.empty()) return std::nullopt;
    const std::size_t n = std::size_t{1} << (std::to_integer<unsigned>(in[0]) >> 6);
    if (in.size() < n) return std::nullopt;
    std::uint64_t v = std::to_integer<std::uint64_t>(in[0]) & 0x3f;
    for (std::size_t i = 1; i < n; ++i) v = (v << 8) | std::to_integer<std::uint64_t>(in[i]);
    return varint{v, n};
}

/// Appends the shortest encoding of `v` (at most max_varint).
inline void append_varint(std::uint64_t v, std::vector<std::byte>& out) {
    assert(v <= max_varint);
    const std::size_t n = varint_size(v);
    const std::uint64_t prefix = n == 1 ? 0 : n == 2 ? 1 : n == 4 ? 2 : 3;
    const std::size_t at = out.size();
    out.resize(at + n);
    store_be(out.data() + at, v, n);
    out[at] |= static_cast<std::byte>(prefix << 6);
}

}  // namespace lal::h3
