// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <type_traits>

namespace lal::rtp {

/// Extends a wrapping unsigned counter (16-bit sequence numbers, 32-bit
/// timestamps) to 64 bits, in the manner of RFC 3550 A.1: each value is read
/// as the one nearest to the highest value seen so far, so the counter may
/// wrap any number of times and late values just before a wrap stay below it.
template <class Counter>
class unwrapper {
public:
    /// The extended value of `v`. The first value maps to itself.
    std::int64_t unwrap(Counter v) noexcept {
        if (!started_) {
            started_ = true;
            highest_ = v;
            return highest_;
        }
        using signed_counter = std::make_signed_t<Counter>;
        const auto delta = static_cast<signed_counter>(static_cast<Counter>(v - static_cast<Counter>(highest_)));
        const std::int64_t extended = highest_ + delta;
        if (extended > highest_) highest_ = extended;
        return extended;
    }
    /// The highest extended value seen (0 before the first).
    std::int64_t highest() const noexcept { return highest_; }
    /// True once a value was seen.
    bool started() const noexcept { return started_; }
    /// Forgets every value (a source restarted).
    void reset() noexcept { *this = unwrapper{}; }

private:
    std::int64_t highest_ = 0;
    bool started_ = false;
};

/// Extended RTP sequence numbers (RFC 3550 A.1: cycles << 16 | seq).
using sequence_unwrapper = unwrapper<std::uint16_t>;
/// Extended RTP timestamps (32-bit wrap every 13.25 h at 90 kHz).
using timestamp_unwrapper = unwrapper<std::uint32_t>;

}  // namespace lal::rtp
