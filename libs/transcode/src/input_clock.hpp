// SPDX-License-Identifier: MIT
// Where a transcoder's input stands on its own timeline. Output timestamps are
// counted in samples from an anchor (the first input frame's dts), not copied
// from the input, because encoder frames do not line up with input frames.
#pragma once

#include <cstdint>

#include <lal/media/frame.hpp>

namespace lal::transcode::detail {

/// A jump of more than this (either way) between the input's timestamp and
/// the time its samples add up to starts a new timeline.
inline constexpr media::micros max_drift_us = 200000;

/// The input's anchor and the duration of the samples decoded since.
class input_clock {
public:
    /// How an input frame's timestamp relates to the samples before it.
    enum class step : std::uint8_t {
        first,    ///< no anchor yet: anchor at the frame
        in_line,  ///< continues the timeline (within half a frame)
        gap,      ///< later by gap_us (frames lost or dropped): fill it
        jump,     ///< more than max_drift_us off: flush and re-anchor
    };
    /// The step and, for a gap, its length in microseconds.
    struct check_result {
        step what = step::first;
        double gap_us = 0;
    };

    /// Classifies a frame at `dts` lasting `frame_us`.
    check_result check(media::micros dts, double frame_us) const noexcept {
        if (!anchored_) return {step::first, 0};
        const double diff = static_cast<double>(dts - anchor_) - elapsed_us_;
        if (diff > static_cast<double>(max_drift_us) || diff < -static_cast<double>(max_drift_us)) {
            return {step::jump, 0};
        }
        if (diff >= frame_us / 2) return {step::gap, diff};
        return {step::in_line, 0};
    }
    /// Starts the timeline at `dts`.
    void anchor_at(media::micros dts) noexcept {
        anchored_ = true;
        anchor_ = dts;
        elapsed_us_ = 0;
    }
    /// Adds `us` microseconds of decoded (or filled) samples.
    void advance(double us) noexcept { elapsed_us_ += us; }
    /// Forgets the anchor.
    void reset() noexcept { anchored_ = false; }
    bool anchored() const noexcept { return anchored_; }
    media::micros anchor() const noexcept { return anchor_; }

private:
    bool anchored_ = false;
    media::micros anchor_ = 0;
    double elapsed_us_ = 0;
};

}  // namespace lal::transcode::detail
