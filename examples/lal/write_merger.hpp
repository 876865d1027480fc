// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "latency_stats.hpp"

namespace lal::server {

/// A player connection whose queued output a write_merger flushes.
class flush_target {
public:
    virtual ~flush_target() = default;
    /// Writes what is queued, as far as the socket takes it.
    virtual void flush_now() = 0;

private:
    friend class write_merger;
    bool flush_requested_ = false;
};

/// Gathers the writes of one worker's players. With a window of 0, every
/// player that got data while one handler ran is flushed once right after it
/// (one posted handler for all of them, not one per player), so data leaves as
/// soon as it is there. With a window of N ms (rtmp.merge_write_ms), a player's
/// data waits up to N ms from its first unwritten byte and leaves in one larger
/// write: fewer system calls for some latency, as SRS's merged-write does.
/// When measuring, each flush of data a publisher's batch brought records, in
/// latency(), how long after the stream took the batch its last player's
/// write was done: the server-added latency of that batch, window included.
/// Lives on its worker's thread.
class write_merger {
public:
    /// Flushes on `context`'s thread after `window` (0: after the current
    /// handler); records latencies when `measure_latency`.
    write_merger(asio::io_context& context, std::chrono::milliseconds window, bool measure_latency = false);

    /// Flushes `target` at the end of the window; further requests before then add nothing.
    void request(const std::shared_ptr<flush_target>& target);

    /// Server-added latency of each flushed batch (read from any thread).
    latency_stats& latency() noexcept { return latency_; }

private:
    void flush_pending();

    asio::io_context& context_;
    std::chrono::milliseconds window_;
    bool measure_latency_;
    asio::steady_timer timer_;
    bool armed_ = false;
    std::chrono::steady_clock::time_point oldest_origin_{};  // of the data pending; {} when none came from a batch
    latency_stats latency_;
    std::vector<std::weak_ptr<flush_target>> pending_;
    std::vector<std::weak_ptr<flush_target>> flushing_;  // kept to reuse its capacity
};

/// One write_merger per worker.
class write_mergers {
public:
    /// A merger for each of `contexts`, all with `window`, measuring latency when asked.
    write_mergers(const std::vector<asio::io_context*>& contexts, std::chrono::milliseconds window,
                  bool measure_latency = false);
    /// The merger of worker `i`.
    write_merger& on(std::size_t i) noexcept { return *mergers_[i]; }
    /// Number of workers.
    std::size_t size() const noexcept { return mergers_.size(); }

private:
    std::vector<std::unique_ptr<write_merger>> mergers_;
};

}  // namespace lal::server
