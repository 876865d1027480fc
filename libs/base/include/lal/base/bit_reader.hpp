// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <lal/base/bytes.hpp>

namespace lal {

/// MSB-first bit cursor with Exp-Golomb reads (ITU-T H.264 9.1). Reads past
/// the end return nullopt and mark the reader as overrun.
class bit_reader {
public:
    /// Reads from `data`, which must outlive the reader.
    explicit bit_reader(byte_span data) noexcept : data_(data) {}

    /// Bits not yet consumed.
    std::size_t bits_left() const noexcept { return data_.size() * 8 - pos_; }
    /// True once a read asked for more bits than there were.
    bool overrun() const noexcept { return overrun_; }

    /// `n` (0..32) bits as an unsigned value.
    std::optional<std::uint32_t> bits(unsigned n) noexcept {
        if (n > 32 || bits_left() < n) {
            overrun_ = true;
            return std::nullopt;
        }
        std::uint32_t v = 0;
        for (unsigned i = 0; i < n; ++i) {
            auto byte = std::to_integer<unsigned>(data_[pos_ >> 3]);
            v = (v << 1) | ((byte >> (7 - (pos_ & 7))) & 1u);
            ++pos_;
        }
        return v;
    }
    /// One bit as a bool.
    std::optional<bool> flag() noexcept {
        auto b = bits(1);
        if (!b) return std::nullopt;
        return *b != 0;
    }
    /// Skips `n` bits.
    bool skip(std::size_t n) noexcept {
        if (bits_left() < n) {
            overrun_ = true;
            return false;
        }
        pos_ += n;
        return true;
    }
    /// Unsigned Exp-Golomb ue(v); values that need more than 32 bits fail.
    std::optional<std::uint32_t> ue() noexcept {
        unsigned zeros = 0;
        for (;;) {
            auto b = bits(1);
            if (!b) return std::nullopt;
            if (*b) break;
            if (++zeros > 31) {
                overrun_ = true;
                return std::nullopt;
            }
        }
        auto rest = bits(zeros);
        if (!rest) return std::nullopt;
        return static_cast<std::uint32_t>((std::uint64_t{1} << zeros) - 1 + *rest);
    }
    /// Signed Exp-Golomb se(v).
    std::optional<std::int32_t> se() noexcept {
        auto k = ue();
        if (!k) return std::nullopt;
        auto v = static_cast<std::int64_t>(*k);
        return static_cast<std::int32_t>((v & 1) ? (v + 1) / 2 : -(v / 2));
    }

private:
    byte_span data_;
    std::size_t pos_ = 0;
    bool overrun_ = false;
};

/// MSB-first bit writer appending to a caller-owned vector.
class bit_writer {
public:
    /// Appends to `out`; call finish() to flush the last partial byte.
    explicit bit_writer(std::vector<std::byte>& out) noexcept : out_(out) {}

    /// Writes the low `n` (0..32) bits of `v`.
    void bits(std::uint32_t v, unsigned n) {
        for (unsigned i = n; i > 0; --i) {
            acc_ = static_cast<std::uint8_t>((acc_ << 1) | ((v >> (i - 1)) & 1u));
            if (++count_ == 8) {
                out_.push_back(static_cast<std::byte>(acc_));
                acc_ = 0;
                count_ = 0;
            }
        }
    }
    /// Pads the last byte with zero bits.
    void finish() {
        if (count_) bits(0, 8 - count_);
    }

private:
    std::vector<std::byte>& out_;
    std::uint8_t acc_ = 0;
    unsigned count_ = 0;
};

}  // namespace lal
