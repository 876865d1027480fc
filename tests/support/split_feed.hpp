// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::test {

/// Calls `feed` with `input` cut at `split`: first [0, split), then the rest.
template <class Feed>
void feed_split(lal::byte_span input, std::size_t split, Feed&& feed) {
    feed(input.first(split));
    feed(input.subspan(split));
}

/// Calls `feed` once per byte of `input`.
template <class Feed>
void feed_bytewise(lal::byte_span input, Feed&& feed) {
    for (std::size_t i = 0; i < input.size(); ++i) feed(input.subspan(i, 1));
}

/// Runs `run(feeder)` for every way of splitting `input` in two and for byte-by-byte
/// feeding, and returns each run's result so a test can compare them all with the
/// whole-input run. `run` receives a function that feeds the input its own way.
template <class Run>
auto all_feedings(lal::byte_span input, Run&& run) {
    using feeder = std::function<void(const std::function<void(lal::byte_span)>&)>;
    using out_t = decltype(run(std::declval<feeder>()));
    std::vector<out_t> results;
    results.push_back(run(feeder([&](const auto& f) { f(input); })));
    for (std::size_t split = 0; split <= input.size(); ++split) {
        results.push_back(run(feeder([&](const auto& f) { feed_split(input, split, f); })));
    }
    results.push_back(run(feeder([&](const auto& f) { feed_bytewise(input, f); })));
    return results;
}

}  // namespace lal::test
