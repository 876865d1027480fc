// SPDX-License-Identifier: MIT
// The write merger's flushes and the server-added latency it records.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>

#include "hub_types.hpp"
#include "latency_stats.hpp"
#include "write_merger.hpp"

using namespace lal::server;
using namespace std::chrono_literals;

namespace {
struct counting_target : flush_target {
    void flush_now() override { ++flushes; }
    int flushes = 0;
};

std::vector<std::uint64_t> take(write_merger& m) {
    std::vector<std::uint64_t> out;
    m.latency().take(out);
    return out;
}
}  // namespace

TEST_CASE("a batch's flush records the time since the stream took its oldest data", "[server][write_merger]") {
    asio::io_context io;
    write_merger merger(io, 0ms, true);
    auto a = std::make_shared<counting_target>();
    auto b = std::make_shared<counting_target>();
    const auto now = std::chrono::steady_clock::now();
    {
        fanout_origin::scope batch(now - 7ms);
        merger.request(a);
    }
    {
        fanout_origin::scope older(now - 20ms);
        merger.request(a);  // already pending: no second flush, but its data is older
        merger.request(b);
    }
    io.run();
    CHECK(a->flushes == 1);
    CHECK(b->flushes == 1);
    auto samples = take(merger);
    REQUIRE(samples.size() == 1);
    CHECK(samples[0] >= 20000);
    CHECK(samples[0] < 20000000);  // sanity: microseconds, not something else
}

TEST_CASE("a flush of data that came from no publisher batch records nothing", "[server][write_merger]") {
    asio::io_context io;
    write_merger merger(io, 0ms, true);
    auto a = std::make_shared<counting_target>();
    merger.request(a);
    io.run();
    CHECK(a->flushes == 1);
    CHECK(take(merger).empty());
}

TEST_CASE("with a merge window the recorded latency includes the wait", "[server][write_merger]") {
    asio::io_context io;
    write_merger merger(io, 30ms, true);
    auto a = std::make_shared<counting_target>();
    {
        fanout_origin::scope batch(std::chrono::steady_clock::now());
        merger.request(a);
    }
    io.run();
    CHECK(a->flushes == 1);
    auto samples = take(merger);
    REQUIRE(samples.size() == 1);
    CHECK(samples[0] >= 30000);  // a timer never fires early
}

TEST_CASE("a merger that does not measure records nothing", "[server][write_merger]") {
    asio::io_context io;
    write_merger merger(io, 0ms);
    auto a = std::make_shared<counting_target>();
    {
        fanout_origin::scope batch(std::chrono::steady_clock::now());
        merger.request(a);
    }
    io.run();
    CHECK(a->flushes == 1);
    CHECK(take(merger).empty());
}

TEST_CASE("latency percentiles are nearest-rank over the kept samples", "[server][latency_stats]") {
    std::vector<std::uint64_t> v;
    for (std::uint64_t i = 100; i >= 1; --i) v.push_back(i);
    auto s = summarize_latency(v, 3);
    CHECK(s.count == 100);
    CHECK(s.dropped == 3);
    CHECK(s.p50_us == 50);
    CHECK(s.p99_us == 99);
    CHECK(s.max_us == 100);

    std::vector<std::uint64_t> one{42};
    auto o = summarize_latency(one);
    CHECK((o.p50_us == 42 && o.p99_us == 42 && o.max_us == 42));

    std::vector<std::uint64_t> none;
    CHECK(summarize_latency(none).count == 0);
}

TEST_CASE("latency samples are bounded between takes, the excess counted", "[server][latency_stats]") {
    latency_stats stats(4);
    for (int i = 0; i < 6; ++i) stats.record(std::chrono::microseconds(10 * (i + 1)));
    std::vector<std::uint64_t> out;
    CHECK(stats.take(out) == 2);
    CHECK(out == std::vector<std::uint64_t>{10, 20, 30, 40});
    out.clear();
    CHECK(stats.take(out) == 0);
    CHECK(out.empty());
    stats.record(std::chrono::microseconds(-5));  // a clock that went backwards counts as 0
    stats.take(out);
    CHECK(out == std::vector<std::uint64_t>{0});
}
