// SPDX-License-Identifier: MIT
#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lalbench {
namespace {

constexpr unsigned sub_bits = 6;                        // 64 buckets per power of two
constexpr std::uint64_t linear_limit = 2u << sub_bits;  // values below this are exact
// Exponents 7..63, 64 buckets each, after the linear range.
constexpr std::size_t bucket_count = linear_limit + (64 - (sub_bits + 1)) * (1u << sub_bits);

}  // namespace

histogram::histogram() : buckets_(bucket_count, 0) {}

std::size_t histogram::bucket_of(std::uint64_t v) noexcept {
    if (v < linear_limit) return static_cast<std::size_t>(v);
    auto e = static_cast<unsigned>(std::bit_width(v)) - 1;  // v in [2^e, 2^(e+1)), e >= 7
    auto sub = (v >> (e - sub_bits)) & ((1u << sub_bits) - 1);
    return static_cast<std::size_t>(linear_limit + (e - (sub_bits + 1)) * (1u << sub_bits) + sub);
}

std::uint64_t histogram::upper_edge(std::size_t bucket) noexcept {
    if (bucket < linear_limit) return bucket;
    auto i = bucket - linear_limit;
    auto e = static_cast<unsigned>(i >> sub_bits) + sub_bits + 1;
    auto sub = static_cast<std::uint64_t>(i & ((1u << sub_bits) - 1));
    auto width = std::uint64_t{1} << (e - sub_bits);
    auto low = (std::uint64_t{1} << e) + sub * width;
    return low + (width - 1);
}

void histogram::record(std::uint64_t value) noexcept {
    ++buckets_[bucket_of(value)];
    if (count_ == 0 || value < min_) min_ = value;
    max_ = std::max(max_, value);
    ++count_;
    sum_ += value;
}

void histogram::merge(const histogram& other) noexcept {
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    count_ += other.count_;
    sum_ += other.sum_;
}

std::uint64_t histogram::quantile(double q) const noexcept {
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the value at q, from 1: the smallest value with at least
    // q of all values at or below it.
    auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(upper_edge(i), max_);
    }
    return max_;
}

}  // namespace lalbench
