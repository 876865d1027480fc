// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "write_merger.hpp"

namespace lal::server {

/// Every interval (log.stats_interval_ms), logs two info lines with the
/// server-added latency of the batches all workers flushed in it:
///   [stats] server-added latency over 1000 ms: batches=68 p50=0.412 ms p99=1.820 ms p999=2.004 ms max=2.004 ms
///     dropped=0 aligned=0 writes=6800 write_p50=0.301 ms write_p99=1.700 ms write_p999=1.990 ms
///     over_1/2/5/10/20/40/80ms=12/1/0/0/0/0/0
///   [stats] flush breakdown over 1000 ms: hold p50=0.010 p99=0.020 ms late p50=0.100 p99=0.400 max=0.500 ms
///     fanout p50=0.300 p99=1.400 max=1.500 ms cpu p99=1.300 ms players p50=100 by_deadline=0
///     worst total=2.004 hold=0.010 late=0.450 fanout=1.544 ms
/// (each one line). A batch's latency is its last player's; p999 over the
/// batches of one interval is its maximum unless it has 1000 batches or
/// more, which is why every player's write is also counted (`writes`, a
/// histogram: 1/32 resolution): 1000 players give 25000 or more a second.
/// The breakdown says where a batch's time went: hold (the policy's wait
/// until the flush was due), late (due to the fan-out's start: the rest of
/// the hub's hand-out, handlers queued ahead, the timer's wake-up), fanout
/// (the loop's wall time; cpu its CPU time). `aligned` counts the flushes of
/// the interval that were frame-aligned (busy workers, rtmp.flush_policy),
/// `by_deadline` those the hold's deadline made. `over_..ms` counts the
/// batches over each of those edges (5 ms and one frame interval, 40 ms, are
/// issue 21's targets at 100 and 1000 players): summed over a window they
/// give its exact share of batches over a bound. Nothing is logged for an
/// interval without batches.
class stats_reporter {
public:
    /// Reports on `context`'s thread from the mergers of every worker.
    stats_reporter(asio::io_context& context, write_mergers& mergers, std::chrono::milliseconds interval);

    /// Starts the periodic reports.
    void start();
    /// Stops them (a report in progress completes).
    void stop();

    /// The edges of the over_..ms counts, in milliseconds.
    static constexpr std::array<std::uint64_t, 7> over_edges_ms{1, 2, 5, 10, 20, 40, 80};

private:
    void arm();
    void report();

    write_mergers& mergers_;
    std::chrono::milliseconds interval_;
    asio::steady_timer timer_;
    std::vector<flush_sample> samples_;   // reused between reports
    std::vector<std::uint64_t> values_;   // one component of samples_, reused
    latency_histogram writes_;
    std::uint64_t aligned_reported_ = 0;  // frame-aligned flushes of every worker up to the last report
};

}  // namespace lal::server
