// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace lal::hub {

/// While a worker hands a publisher's batch to its subscribers, the time the
/// stream took that batch from the publisher's read; the write path compares
/// it with the time the data reached the sockets to measure how long the
/// server held it (server-added latency). Empty (time_point{}) otherwise.
class fanout_origin {
public:
    using time_point = std::chrono::steady_clock::time_point;

    /// The origin of the batch being delivered on this thread, or time_point{}.
    static time_point current() noexcept { return current_; }

    /// Sets the current origin for the lifetime of the scope.
    class scope {
    public:
        explicit scope(time_point origin) noexcept : saved_(current_) { current_ = origin; }
        ~scope() { current_ = saved_; }
        scope(const scope&) = delete;
        scope& operator=(const scope&) = delete;

    private:
        time_point saved_;
    };

private:
    static inline thread_local time_point current_{};
};

}  // namespace lal::hub
