// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lalbench {

/// Counts values (microseconds) in log-linear buckets: exact below 128, then
/// 64 buckets per power of two, so a quantile is off by at most 1/64 (1.6 %).
/// Fixed memory, no allocation per value. One thread at a time.
class histogram {
public:
    histogram();

    /// Adds one value.
    void record(std::uint64_t value) noexcept;
    /// Adds every value of `other`.
    void merge(const histogram& other) noexcept;

    /// Number of values.
    std::uint64_t count() const noexcept { return count_; }
    /// Largest value, exactly; 0 when empty.
    std::uint64_t max() const noexcept { return max_; }
    /// Smallest value, exactly; 0 when empty.
    std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
    /// Mean value; 0 when empty.
    double mean() const noexcept { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0; }
    /// The value at quantile `q` (0..1): the upper edge of its bucket, never
    /// above max(); 0 when empty.
    std::uint64_t quantile(double q) const noexcept;

private:
    static std::size_t bucket_of(std::uint64_t v) noexcept;
    static std::uint64_t upper_edge(std::size_t bucket) noexcept;

    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
    std::uint64_t sum_ = 0;
    std::uint64_t min_ = 0;
    std::uint64_t max_ = 0;
};

}  // namespace lalbench
