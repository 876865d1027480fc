// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>

namespace lal::hub {

/// Runs work later on one worker thread, in the order it was posted. In the
/// server each worker is an io_context run by one thread; tests use a queue.
class executor {
public:
    virtual ~executor() = default;
    /// Queues `work` to run on this executor's thread.
    virtual void post(std::function<void()> work) = 0;
};

/// Milliseconds from a monotonic clock; passed in so tests control time.
using clock_fn = std::function<std::uint64_t()>;

}  // namespace lal::hub
