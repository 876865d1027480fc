// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace lal::server {

/// Percentiles of a set of latencies, in microseconds.
struct latency_summary {
    std::size_t count = 0;
    std::size_t dropped = 0;  // samples not kept because the buffer was full
    std::uint64_t p50_us = 0;
    std::uint64_t p99_us = 0;
    std::uint64_t p999_us = 0;
    std::uint64_t max_us = 0;
};

/// Where the server-added latency of one flush of a publisher's data went,
/// in microseconds: total = hold + late + fanout (up to rounding).
struct flush_sample {
    std::uint64_t total_us = 0;   ///< the batch's origin to the last player's write done
    std::uint64_t hold_us = 0;    ///< origin to when the flush was due (the policy's wait; the hub's hand-out when at once)
    std::uint64_t late_us = 0;    ///< due to the fan-out loop's start: handlers queued ahead, the timer's wake-up
    std::uint64_t fanout_us = 0;  ///< the fan-out loop's wall time
    std::uint64_t cpu_us = 0;     ///< the fan-out loop's CPU time on the worker's thread
    std::uint32_t players = 0;    ///< players written
    bool by_deadline = false;     ///< flushed because the hold's deadline came, not by a video frame or at once
};

/// Counts latencies (microseconds) in log-linear buckets: exact up to 63,
/// then 32 buckets per power of two (a quantile is at most 1/32 above the
/// true value). Fixed memory, nothing allocated per value.
class latency_histogram {
public:
    /// Counts one value.
    void add(std::uint64_t us) noexcept;
    /// Adds every value of `other`.
    void merge(const latency_histogram& other) noexcept;
    /// Forgets every value.
    void clear() noexcept;
    /// Number of values.
    std::uint64_t count() const noexcept { return count_; }
    /// Largest value, exactly (0 when empty).
    std::uint64_t max() const noexcept { return max_; }
    /// The value at quantile `q` (0..1), nearest rank: the top of its bucket, never above max().
    std::uint64_t quantile(double q) const noexcept;

private:
    static constexpr std::size_t exact = 64;       // values below are their own bucket
    static constexpr std::size_t per_octave = 32;  // buckets per power of two above
    static constexpr std::size_t octaves = 40;     // up to 2^45 us (a year): larger values share the top bucket
    std::array<std::uint64_t, exact + octaves * per_octave> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t max_ = 0;
};

/// Latency samples of one worker, taken by a reporter on another thread: one
/// flush_sample per flush (raw, for exact percentiles, up to a fixed count
/// per interval so memory stays bounded whatever the rate) and every
/// player's write in a histogram (a flush of 1000 players adds 1000, so an
/// interval has enough of them for a p99.9).
class latency_stats {
public:
    /// Keeps up to `capacity` flush samples between two take() calls.
    explicit latency_stats(std::size_t capacity = 65536) : capacity_(capacity) {}

    /// Adds one flush.
    void record(const flush_sample& s);
    /// Adds one flush that only knows its total.
    void record(std::chrono::steady_clock::duration total);
    /// Adds each player's write of one flush: origin to that write done, microseconds.
    void record_writes(const std::vector<std::uint64_t>& us);

    /// Moves the flushes kept since the last call into `out` (appended), adds
    /// the players' writes to `writes` when given, and returns how many
    /// flushes were dropped.
    std::size_t take(std::vector<flush_sample>& out, latency_histogram* writes = nullptr);

private:
    std::mutex mutex_;
    std::size_t capacity_;
    std::vector<flush_sample> samples_;
    latency_histogram writes_;
    std::size_t dropped_ = 0;
};

/// p50, p99, p99.9 and max of `samples_us` (reordered in place), nearest rank.
latency_summary summarize_latency(std::vector<std::uint64_t>& samples_us, std::size_t dropped = 0);

/// The same from a histogram.
latency_summary summarize_latency(const latency_histogram& h);

/// Whole microseconds of `d`, 0 when negative.
std::uint64_t whole_us(std::chrono::steady_clock::duration d) noexcept;

}  // namespace lal::server
