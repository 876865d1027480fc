// SPDX-License-Identifier: MIT
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::moqt {

/// A decoded MoQT varint and the bytes it took.
struct varint {
    std::uint64_t value = 0;
    std::size_t size = 0;
};

/// Bytes of the shortest encoding of `v`: 7 usable bits per byte up to 8
/// bytes, then 9 bytes for full 64-bit values (draft-ietf-moq-transport-20 1.4.1).
inline std::size_t varint_size(std::uint64_t v) noexcept {
    for (std::size_t n = 1; n <= 8; ++n)
        if (v < (std::uint64_t{1} << (7 * n))) return n;
    return 9;
}

/// Decodes the varint at the front of `in`; nullopt when `in` ends inside it.
/// draft-20 1.4.1: the count of leading 1 bits of the first byte gives the
/// length; longer-than-needed encodings are valid.
inline std::optional<varint> read_varint(byte_span in) noexcept {
    if (in.empty()) return std::nullopt;
    const auto first = std::to_integer<std::uint8_t>(in[0]);
    const auto ones = static_cast<std::size_t>(std::countl_one(first));
    const std::size_t n = ones == 8 ? 9 : ones + 1;
    if (in.size() < n) return std::nullopt;
    std::uint64_t v = ones >= 7 ? 0 : (first & (0xffu >> (ones + 1)));
    for (std::size_t i = 1; i < n; ++i) v = (v << 8) | std::to_integer<std::uint64_t>(in[i]);
    return varint{v, n};
}

/// Appends the shortest encoding of `v`.
inline void append_varint(std::uint64_t v, std::vector<std::byte>& out) {
    const std::size_t n = varint_size(v);
    if (n == 9) {
        out.push_back(std::byte{0xff});
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::byte>((v >> shift) & 0xff));
        return;
    }
    // n - 1 leading ones, a zero, then the value in the remaining 7n bits.
    const auto prefix = static_cast<std::uint8_t>(0xff00u >> (n - 1));
    for (std::size_t i = n; i-- > 0;) {
        auto b = static_cast<std::uint8_t>((v >> (8 * i)) & 0xff);
        if (i == n - 1) b = static_cast<std::uint8_t>(b | prefix);
        out.push_back(static_cast<std::byte>(b));
    }
}

}  // namespace lal::moqt
