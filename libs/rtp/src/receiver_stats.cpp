// SPDX-License-Identifier: MIT
#include <lal/rtp/receiver_stats.hpp>

#include <algorithm>
#include <cstdlib>

#include <lal/rtp/clock.hpp>

namespace lal::rtp {

void receiver_stats::on_packet(std::uint16_t sequence, std::uint32_t timestamp, media::micros arrival) noexcept {
    const auto ext = unwrap_.unwrap(sequence);
    if (!started_) {
        started_ = true;
        base_ = max_ = ext;
    }
    base_ = std::min(base_, ext);
    max_ = std::max(max_, ext);
    ++received_;
    // RFC 3550 A.8: J += (|D| - J) / 16, D the change in transit time, in
    // timestamp units (the 32-bit difference absorbs timestamp wraps).
    const auto arrival_ticks = micros_to_ticks(arrival, rate_);
    const auto transit = static_cast<std::int64_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(arrival_ticks) - timestamp));
    if (transit_) {
        const auto d = std::llabs(transit - *transit_);
        jitter_ += (static_cast<double>(d) - jitter_) / 16.0;
    }
    transit_ = transit;
}

void receiver_stats::on_sender_report(const sender_report& sr, media::micros arrival) noexcept {
    last_sr_ = ntp_middle(sr.ntp_time);
    last_sr_arrival_ = arrival;
}

report_block receiver_stats::block(std::uint32_t source_ssrc, media::micros now) noexcept {
    report_block b;
    b.ssrc = source_ssrc;
    const auto expected_total = expected();
    // RFC 3550 A.3: cumulative loss clamped to 24 signed bits; duplicates make it negative.
    const auto lost = expected_total - static_cast<std::int64_t>(received_);
    b.cumulative_lost = static_cast<std::int32_t>(std::clamp<std::int64_t>(lost, -0x800000, 0x7fffff));
    const auto expected_interval = expected_total - expected_prior_;
    const auto received_interval = static_cast<std::int64_t>(received_ - received_prior_);
    const auto lost_interval = expected_interval - received_interval;
    expected_prior_ = expected_total;
    received_prior_ = received_;
    b.fraction_lost = (expected_interval == 0 || lost_interval <= 0)
                          ? 0
                          : static_cast<std::uint8_t>(std::min<std::int64_t>((lost_interval << 8) / expected_interval, 255));
    b.highest_sequence = static_cast<std::uint32_t>(max_);
    b.jitter = jitter();
    if (last_sr_arrival_) {
        b.last_sr = last_sr_;
        // Delay since the last SR in units of 1/65536 s.
        b.delay_since_last_sr = static_cast<std::uint32_t>(std::max<media::micros>(now - *last_sr_arrival_, 0) * 65536 / 1'000'000);
    }
    return b;
}

}  // namespace lal::rtp
