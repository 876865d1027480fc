// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "histogram.hpp"

TEST_CASE("histogram quantiles are exact below 128 and within 1/64 above", "[lalbench][histogram]") {
    lalbench::histogram h;
    CHECK(h.quantile(0.5) == 0);
    for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
    CHECK(h.count() == 100);
    CHECK(h.quantile(0.5) == 50);
    CHECK(h.quantile(0.99) == 99);
    CHECK(h.quantile(1.0) == 100);
    CHECK(h.min() == 1);
    CHECK(h.max() == 100);
    CHECK(h.mean() == Approx(50.5));

    std::mt19937_64 gen(42);
    std::lognormal_distribution<double> dist(8.0, 2.0);  // microseconds, spread over decades
    lalbench::histogram big;
    std::vector<std::uint64_t> values;
    for (int i = 0; i < 100000; ++i) {
        auto v = static_cast<std::uint64_t>(dist(gen));
        values.push_back(v);
        big.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double q : {0.5, 0.9, 0.99, 0.999}) {
        auto exact = values[static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) - 1];
        auto got = big.quantile(q);
        CHECK(got >= exact);
        CHECK(static_cast<double>(got) <= static_cast<double>(exact) * (1 + 1.0 / 64) + 1);
    }
    CHECK(big.max() == values.back());
}

TEST_CASE("merged histograms equal one that saw every value", "[lalbench][histogram]") {
    lalbench::histogram a, b, all;
    for (std::uint64_t v = 0; v < 5000; v += 7) {
        (v % 2 ? a : b).record(v * 13);
        all.record(v * 13);
    }
    a.merge(b);
    CHECK(a.count() == all.count());
    CHECK(a.min() == all.min());
    CHECK(a.max() == all.max());
    for (double q : {0.1, 0.5, 0.9, 0.99}) CHECK(a.quantile(q) == all.quantile(q));
    lalbench::histogram empty;
    a.merge(empty);
    CHECK(a.count() == all.count());
}
