// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

#include <lal/media/frame.hpp>
#include <lal/rtp/rtcp.hpp>
#include <lal/rtp/sequence.hpp>

namespace lal::rtp {

/// Reception statistics of one source, for the report blocks of RTCP
/// receiver reports (RFC 3550 6.4.1): loss as in A.3, interarrival jitter as
/// in A.8, LSR/DLSR from the last sender report. Times are µs of the
/// caller's clock.
class receiver_stats {
public:
    /// Statistics for a source whose RTP clock runs at `clock_rate` Hz.
    explicit receiver_stats(std::uint32_t clock_rate) noexcept : rate_(clock_rate ? clock_rate : 90000) {}

    /// A packet arrived at `arrival`.
    void on_packet(std::uint16_t sequence, std::uint32_t timestamp, media::micros arrival) noexcept;
    /// A sender report of the source arrived at `arrival`.
    void on_sender_report(const sender_report& sr, media::micros arrival) noexcept;
    /// The report block about this source at `now`; starts a new interval
    /// for fraction_lost.
    report_block block(std::uint32_t source_ssrc, media::micros now) noexcept;

    /// Packets received.
    std::uint64_t received() const noexcept { return received_; }
    /// Packets expected from the sequence numbers seen (A.3).
    std::int64_t expected() const noexcept { return started_ ? max_ - base_ + 1 : 0; }
    /// Interarrival jitter in RTP timestamp units (A.8).
    std::uint32_t jitter() const noexcept { return static_cast<std::uint32_t>(jitter_); }

private:
    std::uint32_t rate_;
    sequence_unwrapper unwrap_;
    bool started_ = false;
    std::int64_t base_ = 0;
    std::int64_t max_ = 0;
    std::uint64_t received_ = 0;
    std::int64_t expected_prior_ = 0;
    std::uint64_t received_prior_ = 0;
    std::optional<std::int64_t> transit_;
    double jitter_ = 0;
    std::uint32_t last_sr_ = 0;
    std::optional<media::micros> last_sr_arrival_;
};

}  // namespace lal::rtp
