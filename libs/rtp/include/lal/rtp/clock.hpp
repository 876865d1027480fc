// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

#include <lal/media/frame.hpp>
#include <lal/rtp/rtcp.hpp>
#include <lal/rtp/sequence.hpp>

namespace lal::rtp {

/// Microseconds since 1900 of a 32.32 NTP timestamp (RFC 5905 6, RFC 3550 4).
constexpr media::micros ntp_to_micros(std::uint64_t ntp) noexcept {
    return static_cast<media::micros>((ntp >> 32) * 1'000'000 + (((ntp & 0xffffffff) * 1'000'000) >> 32));
}
/// The 32.32 NTP timestamp of `us` microseconds since 1900.
constexpr std::uint64_t micros_to_ntp(media::micros us) noexcept {
    const auto u = static_cast<std::uint64_t>(us);
    return ((u / 1'000'000) << 32) | (((u % 1'000'000) << 32) / 1'000'000);
}
/// `ticks` of a `rate` Hz clock in µs, rounded toward negative infinity.
constexpr media::micros ticks_to_micros(std::int64_t ticks, std::uint32_t rate) noexcept {
    const auto num = ticks * 1'000'000;
    const auto q = num / static_cast<std::int64_t>(rate);
    return (num % static_cast<std::int64_t>(rate) < 0) ? q - 1 : q;
}
/// `us` in ticks of a `rate` Hz clock, rounded toward negative infinity.
constexpr std::int64_t micros_to_ticks(media::micros us, std::uint32_t rate) noexcept {
    const auto num = us * static_cast<std::int64_t>(rate);
    const auto q = num / 1'000'000;
    return (num % 1'000'000 < 0) ? q - 1 : q;
}

/// One track's RTP clock: timestamps (32-bit, wrapping, per-track rate) to
/// µs since the track's first timestamp, and, once an RTCP sender report
/// arrived, the wall-clock (NTP) time of that zero for A/V sync.
class track_clock {
public:
    /// A clock of `rate` Hz (90000 for video, the sample rate for audio); 0 is taken as 90000.
    explicit track_clock(std::uint32_t rate) noexcept : rate_(rate ? rate : 90000) {}

    /// The clock rate in Hz.
    std::uint32_t rate() const noexcept { return rate_; }
    /// µs of `timestamp` since the first timestamp given (which maps to 0);
    /// wraps of the 32-bit field are followed, late values come out negative.
    media::micros to_micros(std::uint32_t timestamp) noexcept;
    /// Records a sender report's NTP/RTP pair (RFC 3550 6.4.1) of this track.
    void on_sender_report(const sender_report& sr) noexcept;
    /// Wall-clock µs since 1900 at this track's time 0, once a sender report
    /// and a timestamp were seen.
    std::optional<media::micros> wall_of_zero() const noexcept { return wall_of_zero_; }

private:
    void anchor_report() noexcept;

    std::uint32_t rate_;
    timestamp_unwrapper unwrap_;
    std::int64_t first_ = 0;
    std::optional<sender_report> pending_;
    std::optional<media::micros> wall_of_zero_;
};

/// What to add to `track`'s times to put them on `reference`'s timeline
/// (both from the same sender, whose SRs share one NTP clock): the A/V sync
/// offset, RFC 3550 6.4.1. Empty until both have seen a sender report.
std::optional<media::micros> sync_offset(const track_clock& track, const track_clock& reference) noexcept;

/// Derives decode times for video whose RTP timestamps carry presentation
/// time only (RFC 6184 5.1: the timestamp is the sampling, i.e. display,
/// time). With B-frames the decode order differs from display order, so:
/// - at a closed-GOP key frame (H.264 IDR, H.265 IDR/BLA: no later frame
///   displays before it), dts = pts - reorder_frames x frame duration;
/// - after it, dts advances one frame duration per frame, never past pts
///   and always at least 1 µs past the previous dts.
/// The frame duration is the smallest positive pts step seen, capped by a
/// guess (a first step may span several frames: I0 then P3); reorder_frames comes from the SPS (0 for baseline, the VUI
/// max_num_reorder_frames when present) or a default. Without reordering
/// (reorder_frames 0) dts equals pts.
class dts_estimator {
public:
    /// `reorder_frames` frames of reordering; `guess` is the frame duration
    /// used until one is measured.
    explicit dts_estimator(std::uint32_t reorder_frames = 2, media::micros guess = 40'000) noexcept
        : reorder_(reorder_frames), duration_guess_(guess) {}
    /// Sets the reordering depth (from an SPS).
    void set_reorder_frames(std::uint32_t n) noexcept { reorder_ = n; }
    /// The depth in use.
    std::uint32_t reorder_frames() const noexcept { return reorder_; }
    /// The dts of the next frame in decode order; `closed_key` for an IDR/BLA.
    media::micros next(media::micros pts, bool closed_key) noexcept;

private:
    std::uint32_t reorder_;
    media::micros duration_guess_;
    std::optional<media::micros> measured_;
    std::optional<media::micros> last_pts_;
    std::optional<media::micros> last_dts_;
};

}  // namespace lal::rtp
