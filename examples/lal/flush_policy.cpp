// SPDX-License-Identifier: MIT
#include "flush_policy.hpp"

#include <algorithm>

namespace lal::server {

void flush_policy::recent_max::add(clock::duration d) noexcept {
    const auto leaving = ring_[next_];
    ring_[next_] = d;
    next_ = (next_ + 1) % ring_.size();
    if (d >= max_) {
        max_ = d;
    } else if (leaving == max_) {
        // The maximum left the window: find the next one (32 entries, once in a while).
        max_ = *std::max_element(ring_.begin(), ring_.end());
    }
}

void flush_policy::on_flushed(std::size_t players, clock::duration cpu, clock::duration wall) noexcept {
    cost_.add(wall);
    const auto cost = cpu;
    if (!options_.adaptive) return;
    const bool many = options_.busy_players > 0 && players >= options_.busy_players;
    if (many || cost >= options_.busy_cost) {
        mode_ = flush_mode::frame_aligned;
        calm_ = 0;
        return;
    }
    if (mode_ == flush_mode::immediate) return;
    // Hysteresis: light means well under both thresholds, for many flushes in a row.
    const bool few = options_.busy_players == 0 || players < options_.busy_players / 2;
    if (few && cost < options_.busy_cost / 2) {
        if (++calm_ >= options_.calm_flushes) {
            mode_ = flush_mode::immediate;
            calm_ = 0;
        }
    } else {
        calm_ = 0;
    }
}

void flush_policy::on_woken(clock::duration late) noexcept {
    late_.add(std::max(late, clock::duration::zero()));
}

flush_policy::clock::time_point flush_policy::flush_at(bool video, clock::time_point oldest,
                                                       clock::time_point now) const noexcept {
    if (mode_ == flush_mode::immediate || video) return now;
    // The flush takes up to about as long as the recent ones, and the
    // decision runs a little after it is due: start early enough that the
    // oldest data is written within max_hold.
    const clock::duration hold = options_.max_hold;
    const auto deadline = oldest + hold - std::min(cost_.max() + expected_lateness(), hold);
    return std::max(deadline, now);
}

}  // namespace lal::server
