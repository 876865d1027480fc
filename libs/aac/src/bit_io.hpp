// SPDX-License-Identifier: MIT
// Private: bit cursors that count their position, so that byte_alignment()
// inside a PCE can be taken relative to the start of the AudioSpecificConfig.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/base/bit_reader.hpp>

namespace lal::aac::detail {

/// Reads bits; a read past the end yields 0 and sets failed(), so a parser
/// can read a group of fields and check once before trusting them.
class bit_in {
public:
    explicit bit_in(byte_span data) noexcept : reader_(data), total_(data.size() * 8) {}

    std::uint32_t u(unsigned n) noexcept { return reader_.bits(n).value_or(0); }
    bool flag() noexcept { return u(1) != 0; }
    bool failed() const noexcept { return reader_.overrun(); }
    std::size_t position() const noexcept { return total_ - reader_.bits_left(); }
    std::size_t left() const noexcept { return reader_.bits_left(); }
    /// Skips to the next multiple of 8 bits from the start.
    void align() noexcept {
        if (auto m = position() % 8) reader_.skip(8 - m);
    }

private:
    lal::bit_reader reader_;
    std::size_t total_;
};

/// Writes bits; `out` is assumed to start at a byte boundary of the config.
class bit_out {
public:
    explicit bit_out(std::vector<std::byte>& out) noexcept : writer_(out) {}

    void put(std::uint32_t v, unsigned n) {
        writer_.bits(v, n);
        count_ += n;
    }
    void flag(bool b) { put(b ? 1u : 0u, 1); }
    void align() {
        if (auto m = count_ % 8) put(0, static_cast<unsigned>(8 - m));
    }

private:
    lal::bit_writer writer_;
    std::size_t count_ = 0;
};

}  // namespace lal::aac::detail
