// SPDX-License-Identifier: MIT
#pragma once

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
    std::uint64_t max_us = 0;
};

/// Latency samples of one worker, taken by a reporter on another thread. Keeps
/// raw samples (exact percentiles) up to a fixed count per interval, so memory
/// stays bounded whatever the rate.
class latency_stats {
public:
    /// Keeps up to `capacity` samples between two take() calls.
    explicit latency_stats(std::size_t capacity = 65536) : capacity_(capacity) {}

    /// Adds one sample.
    void record(std::chrono::steady_clock::duration d);

    /// Moves the samples kept since the last call into `out` (appended) and
    /// returns how many were dropped.
    std::size_t take(std::vector<std::uint64_t>& out);

private:
    std::mutex mutex_;
    std::size_t capacity_;
    std::vector<std::uint64_t> samples_;
    std::size_t dropped_ = 0;
};

/// p50, p99 and max of `samples_us` (reordered in place).
latency_summary summarize_latency(std::vector<std::uint64_t>& samples_us, std::size_t dropped = 0);

}  // namespace lal::server
