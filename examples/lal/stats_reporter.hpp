// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "write_merger.hpp"

namespace lal::server {

/// Every interval (log.stats_interval_ms), logs one info line with the
/// server-added latency of the batches all workers flushed in it:
///   [stats] server-added latency over 1000 ms: batches=68 p50=0.412 ms p99=1.820 ms max=2.004 ms dropped=0 aligned=0
/// `aligned` counts the flushes of the interval that were frame-aligned (busy
/// workers, rtmp.flush_policy). Nothing is logged for an interval without batches.
class stats_reporter {
public:
    /// Reports on `context`'s thread from the mergers of every worker.
    stats_reporter(asio::io_context& context, write_mergers& mergers, std::chrono::milliseconds interval);

    /// Starts the periodic reports.
    void start();
    /// Stops them (a report in progress completes).
    void stop();

private:
    void arm();
    void report();

    write_mergers& mergers_;
    std::chrono::milliseconds interval_;
    asio::steady_timer timer_;
    std::vector<std::uint64_t> samples_;  // reused between reports
    std::uint64_t aligned_reported_ = 0;  // frame-aligned flushes of every worker up to the last report
};

}  // namespace lal::server
