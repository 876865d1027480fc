// SPDX-License-Identifier: MIT
#include "latency_stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

namespace lal::server {

std::uint64_t whole_us(std::chrono::steady_clock::duration d) noexcept {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    return us > 0 ? static_cast<std::uint64_t>(us) : 0;
}

namespace {
// Nearest rank over n values: the 1-based rank of the smallest value with at
// least q of all values at or below it.
std::uint64_t nearest_rank(double q, std::uint64_t n) noexcept {
    const auto k = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n) - 1e-9));
    return std::clamp<std::uint64_t>(k, 1, n);
}
}  // namespace

void latency_histogram::add(std::uint64_t us) noexcept {
    std::size_t i = 0;
    if (us < exact) {
        i = static_cast<std::size_t>(us);
    } else {
        // us in [2^(s+5), 2^(s+6)): its top 6 bits pick one of 32 buckets of octave s.
        const auto shift = static_cast<std::size_t>(std::bit_width(us)) - 6;
        const auto top = static_cast<std::size_t>(us >> shift) - per_octave;
        i = std::min(exact + (shift - 1) * per_octave + top, buckets_.size() - 1);
    }
    ++buckets_[i];
    ++count_;
    max_ = std::max(max_, us);
}

void latency_histogram::merge(const latency_histogram& other) noexcept {
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
}

void latency_histogram::clear() noexcept {
    buckets_.fill(0);
    count_ = 0;
    max_ = 0;
}

std::uint64_t latency_histogram::quantile(double q) const noexcept {
    if (count_ == 0) return 0;
    const auto rank = nearest_rank(q, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen < rank) continue;
        if (i < exact) return i;
        if (i == buckets_.size() - 1) return max_;  // the top bucket has no upper edge
        const auto shift = (i - exact) / per_octave + 1;
        const auto top = (i - exact) % per_octave + per_octave;
        const std::uint64_t upper = ((static_cast<std::uint64_t>(top) + 1) << shift) - 1;
        return std::min(upper, max_);
    }
    return max_;
}

void latency_stats::record(const flush_sample& s) {
    std::lock_guard lock(mutex_);
    if (samples_.size() >= capacity_) {
        ++dropped_;
        return;
    }
    samples_.push_back(s);
}

void latency_stats::record(std::chrono::steady_clock::duration total) {
    flush_sample s;
    s.total_us = whole_us(total);
    record(s);
}

void latency_stats::record_writes(const std::vector<std::uint64_t>& us) {
    std::lock_guard lock(mutex_);
    for (auto v : us) writes_.add(v);
}

std::size_t latency_stats::take(std::vector<flush_sample>& out, latency_histogram* writes) {
    std::lock_guard lock(mutex_);
    out.insert(out.end(), samples_.begin(), samples_.end());
    samples_.clear();
    if (writes) writes->merge(writes_);
    writes_.clear();
    return std::exchange(dropped_, 0);
}

latency_summary summarize_latency(std::vector<std::uint64_t>& samples_us, std::size_t dropped) {
    latency_summary s;
    s.count = samples_us.size();
    s.dropped = dropped;
    if (samples_us.empty()) return s;
    std::sort(samples_us.begin(), samples_us.end());
    auto at = [&](double q) { return samples_us[nearest_rank(q, samples_us.size()) - 1]; };
    s.p50_us = at(0.50);
    s.p99_us = at(0.99);
    s.p999_us = at(0.999);
    s.max_us = samples_us.back();
    return s;
}

latency_summary summarize_latency(const latency_histogram& h) {
    latency_summary s;
    s.count = h.count();
    s.p50_us = h.quantile(0.50);
    s.p99_us = h.quantile(0.99);
    s.p999_us = h.quantile(0.999);
    s.max_us = h.max();
    return s;
}

}  // namespace lal::server
