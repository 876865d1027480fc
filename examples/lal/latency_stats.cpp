// SPDX-License-Identifier: MIT
#include "latency_stats.hpp"

#include <algorithm>
#include <utility>

namespace lal::server {

void latency_stats::record(std::chrono::steady_clock::duration d) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    std::lock_guard lock(mutex_);
    if (samples_.size() >= capacity_) {
        ++dropped_;
        return;
    }
    samples_.push_back(us > 0 ? static_cast<std::uint64_t>(us) : 0);
}

std::size_t latency_stats::take(std::vector<std::uint64_t>& out) {
    std::lock_guard lock(mutex_);
    out.insert(out.end(), samples_.begin(), samples_.end());
    samples_.clear();
    return std::exchange(dropped_, 0);
}

namespace {
// Nearest-rank percentile of a sorted, non-empty range: the smallest sample
// with at least percent % of all samples at or below it.
std::uint64_t rank(const std::vector<std::uint64_t>& sorted, std::size_t percent) {
    const auto k = (percent * sorted.size() + 99) / 100;  // ceil(n * percent / 100), in integers
    return sorted[std::max<std::size_t>(k, 1) - 1];
}
}  // namespace

latency_summary summarize_latency(std::vector<std::uint64_t>& samples_us, std::size_t dropped) {
    latency_summary s;
    s.count = samples_us.size();
    s.dropped = dropped;
    if (samples_us.empty()) return s;
    std::sort(samples_us.begin(), samples_us.end());
    s.p50_us = rank(samples_us, 50);
    s.p99_us = rank(samples_us, 99);
    s.max_us = samples_us.back();
    return s;
}

}  // namespace lal::server
