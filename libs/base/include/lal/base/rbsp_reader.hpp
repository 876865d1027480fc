// SPDX-License-Identifier: MIT
// RBSP bit cursor for the parameter set parsers of lal::avc and lal::hevc.
#pragma once

#include <cstdint>

#include <lal/base/bit_reader.hpp>

namespace lal {

/// Reads u(n), ue(v), se(v) (H.264 7.2 and 9.1, H.265 7.2 and 9.2). A read
/// past the end yields 0 and sets failed(), so a parser can read a group and
/// check once; 0 is in range for every field, so no range error can come
/// from a failed read.
class rbsp_reader {
public:
    explicit rbsp_reader(byte_span data) noexcept : reader_(data) {}

    std::uint32_t u(unsigned n) noexcept { return reader_.bits(n).value_or(0); }
    bool flag() noexcept { return u(1) != 0; }
    std::uint32_t ue() noexcept { return reader_.ue().value_or(0); }
    std::int32_t se() noexcept { return reader_.se().value_or(0); }
    /// Skips `n` bits (a failed skip sets failed()).
    void skip(std::size_t n) noexcept { reader_.skip(n); }
    bool failed() const noexcept { return reader_.overrun(); }
    /// Bits not yet read.
    std::size_t bits_left() const noexcept { return reader_.bits_left(); }

private:
    lal::bit_reader reader_;
};

}  // namespace lal
