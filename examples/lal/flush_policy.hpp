// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>

namespace lal::server {

/// When a worker writes its players' queued media (rtmp.flush_policy).
enum class flush_mode {
    immediate,      ///< right after the handler that queued it: the lowest latency
    frame_aligned,  ///< once per video frame, other data riding along, held at most max_hold
};

/// Thresholds of the adaptive policy; the defaults are the config's.
struct flush_policy_options {
    bool adaptive = true;                        ///< false: always immediate
    std::size_t busy_players = 256;              ///< a flush of this many players or more is busy (0: never)
    std::chrono::microseconds busy_cost{5000};   ///< a flush that used this much CPU or more is busy
    std::size_t calm_flushes = 100;              ///< light flushes in a row before going back to immediate
    std::chrono::milliseconds max_hold{40};      ///< the longest data waits for a video frame
};

/// Decides, without I/O or clocks of its own, when one worker flushes.
///
/// Each write costs the kernel a send, the loopback or NIC path and a reader
/// wake-up whatever its size, so at many players fewer, larger writes save
/// most of the CPU (bench/README.md, "Write cost"). A flush is "busy" when it
/// wrote to busy_players or more, or used busy_cost of CPU or more (CPU, not
/// wall time: on a shared machine a flush that was merely preempted costs
/// the worker nothing, and saving writes would only add latency); one busy flush
/// switches the worker to frame-aligned flushing. It goes back to immediate
/// after calm_flushes light flushes in a row (under half of each threshold),
/// so a load near a threshold does not flap between modes.
///
/// Frame-aligned: a video frame flushes at once (with whatever audio waited
/// for it); other data waits for the next video frame, but never past
/// max_hold from its arrival less the expected length of the flush and the
/// expected lateness of the worker's wake-up, so it has reached the sockets
/// within max_hold (one frame interval at 25 fps by default). Both are the
/// maxima of the last `window` samples (32: about a second of flushes), not
/// the last value: the bound is on a percentile, so the hold must allow for
/// the slow flushes that recur, and a short flush after long ones must not
/// let the next hold overrun it. A flush's length is its wall time (what the
/// last player waits, preemption included); the wake-up's lateness is how
/// long after it was due the fan-out started (a timer behind other handlers,
/// or a posted decision behind the rest of the hub's hand-out and the
/// players' reads), at least 1 ms.
class flush_policy {
public:
    using clock = std::chrono::steady_clock;

    /// Starts in immediate mode.
    explicit flush_policy(flush_policy_options options = {}) noexcept : options_(options) {}

    /// The mode now.
    flush_mode mode() const noexcept { return mode_; }

    /// After a flush that wrote to `players`, used `cpu` of the worker's
    /// thread and took `wall` from start to end: updates the mode.
    void on_flushed(std::size_t players, clock::duration cpu, clock::duration wall) noexcept;

    /// A decision meant to run at some time ran `late` after it: updates the
    /// expected wake-up lateness.
    void on_woken(clock::duration late) noexcept;

    /// The flush length the hold allows for now (the recent maximum).
    clock::duration expected_cost() const noexcept { return cost_.max(); }
    /// The wake-up lateness the hold allows for now (the recent maximum, at least 1 ms).
    clock::duration expected_lateness() const noexcept { return std::max(late_.max(), min_lateness); }

    /// The least wake-up lateness allowed for: a timer's own resolution and wake-up.
    static constexpr clock::duration min_lateness = std::chrono::milliseconds(1);
    /// How many recent samples the estimates keep.
    static constexpr std::size_t window = 32;

    /// When to flush data just queued at `now` (a video frame when `video`),
    /// the oldest unflushed data having arrived at `oldest`: at or before
    /// `now` means right after the current handler.
    clock::time_point flush_at(bool video, clock::time_point oldest, clock::time_point now) const noexcept;

private:
    flush_policy_options options_;
    flush_mode mode_ = flush_mode::immediate;
    std::size_t calm_ = 0;
    // The largest of the last `window` samples (a ring; zeros before it fills).
    class recent_max {
    public:
        void add(clock::duration d) noexcept;
        clock::duration max() const noexcept { return max_; }

    private:
        std::array<clock::duration, window> ring_{};
        std::size_t next_ = 0;
        clock::duration max_{};
    };
    recent_max cost_;  // the flushes' wall time
    recent_max late_;  // the wake-ups' lateness
};

}  // namespace lal::server
