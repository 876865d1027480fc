// SPDX-License-Identifier: MIT
#include "flush_policy.hpp"

#include <algorithm>

namespace lal::server {

void flush_policy::on_flushed(std::size_t players, clock::duration cpu, clock::duration wall) noexcept {
    last_cost_ = wall;
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

flush_policy::clock::time_point flush_policy::flush_at(bool video, clock::time_point oldest,
                                                       clock::time_point now) const noexcept {
    if (mode_ == flush_mode::immediate || video) return now;
    // The flush itself takes about as long as the last one, and a timer wakes
    // up a little late: start it early enough that the oldest data is written
    // within max_hold.
    constexpr clock::duration wake_up = std::chrono::milliseconds(1);
    const clock::duration hold = options_.max_hold;
    const auto deadline = oldest + hold - std::min(last_cost_ + wake_up, hold);
    return std::max(deadline, now);
}

}  // namespace lal::server
