// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "flush_policy.hpp"
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

/// Gathers the writes of one worker's players. Without a window, the
/// worker's flush_policy decides: in immediate mode every player that got
/// data while one handler ran is flushed once right after it (one posted
/// handler for all of them, not one per player), so data leaves as soon as it
/// is there; in frame-aligned mode (a busy worker) players are flushed once per
/// video frame, other data held at most the policy's max_hold. With a window
/// of N ms (rtmp.merge_write_ms), a player's data waits N ms from its first
/// unwritten byte and leaves in one larger write, as SRS's merged-write does.
/// When measuring, each flush of data a publisher's batch brought records, in
/// latency(), how long after the stream took the batch its last player's
/// write was done: the server-added latency of that batch, any hold included,
/// broken into the hold, the decision's lateness and the fan-out loop
/// (flush_sample), and each player's own write time. Lives on its worker's
/// thread.
class write_merger {
public:
    /// Flushes on `context`'s thread: after `window` when it is not 0, else as
    /// `policy` decides; records latencies when `measure_latency`.
    write_merger(asio::io_context& context, std::chrono::milliseconds window, bool measure_latency = false,
                 flush_policy_options policy = {});

    /// Flushes `target` when due; further requests before then add nothing.
    /// `video`: the data is (or ends with) a video frame, which a
    /// frame-aligned flush waits for.
    void request(const std::shared_ptr<flush_target>& target, bool video = false);

    /// Server-added latency of each flushed batch (read from any thread).
    latency_stats& latency() noexcept { return latency_; }

    /// Flushes so far that were frame-aligned (read from any thread).
    std::uint64_t aligned_flushes() const noexcept { return aligned_flushes_.load(std::memory_order_relaxed); }

private:
    using clock = std::chrono::steady_clock;
    // Decides whether the pending data is due; `due` is when this decision
    // was meant to run (a timer's expiry, or the batch that posted it).
    void decide(clock::time_point due, bool by_timer);
    void arm(clock::time_point at);
    void flush_pending(clock::time_point now, clock::time_point due, bool by_deadline);

    asio::io_context& context_;
    std::chrono::milliseconds window_;
    bool measure_latency_;
    flush_policy policy_;
    asio::steady_timer timer_;
    bool posted_ = false;                  // a decide() is posted
    clock::time_point posted_due_{};       // the origin of the batch that posted it (else when it was posted)
    bool armed_ = false;                   // the timer waits, until timer_at_
    clock::time_point timer_at_{};
    bool video_pending_ = false;           // a video frame is among the pending data
    clock::time_point held_since_{};       // when the pending data started waiting; {} when none
    clock::time_point oldest_origin_{};    // of the data pending; {} when none came from a batch
    latency_stats latency_;
    std::atomic<std::uint64_t> aligned_flushes_{0};
    std::vector<std::weak_ptr<flush_target>> pending_;
    std::vector<std::weak_ptr<flush_target>> flushing_;  // kept to reuse its capacity
    std::vector<std::uint64_t> write_us_;                // each player's write time of a flush, reused
};

/// One write_merger per worker.
class write_mergers {
public:
    /// A merger for each of `contexts`, all with `window` and `policy`, measuring latency when asked.
    write_mergers(const std::vector<asio::io_context*>& contexts, std::chrono::milliseconds window,
                  bool measure_latency = false, flush_policy_options policy = {});
    /// The merger of worker `i`.
    write_merger& on(std::size_t i) noexcept { return *mergers_[i]; }
    /// Number of workers.
    std::size_t size() const noexcept { return mergers_.size(); }

private:
    std::vector<std::unique_ptr<write_merger>> mergers_;
};

}  // namespace lal::server
