// SPDX-License-Identifier: MIT
// The write merger's flushes, the server-added latency it records, and the
// adaptive flush policy that decides when a worker writes.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "flush_policy.hpp"
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
    std::vector<flush_sample> flushes;
    m.latency().take(flushes);
    std::vector<std::uint64_t> out;
    for (const auto& f : flushes) out.push_back(f.total_us);
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

namespace {
using tp = flush_policy::clock::time_point;
const tp t0 = tp{} + std::chrono::hours(1);

flush_policy_options small_options() {
    flush_policy_options o;
    o.busy_players = 100;
    o.busy_cost = 4ms;
    o.calm_flushes = 3;
    o.max_hold = 40ms;
    return o;
}
}  // namespace

TEST_CASE("the policy writes at once until a fan-out is busy", "[server][flush_policy]") {
    flush_policy p(small_options());
    CHECK(p.mode() == flush_mode::immediate);
    CHECK(p.flush_at(false, t0, t0 + 1ms) == t0 + 1ms);  // audio leaves at once too
    p.on_flushed(99, 3999us, 3999us);  // under both thresholds
    CHECK(p.mode() == flush_mode::immediate);

    SECTION("many players") {
        p.on_flushed(100, 100us, 100us);
        CHECK(p.mode() == flush_mode::frame_aligned);
    }
    SECTION("an expensive flush of few players") {
        p.on_flushed(3, 4ms, 4ms);
        CHECK(p.mode() == flush_mode::frame_aligned);
    }
}

TEST_CASE("frame-aligned: video leaves at once, other data waits at most the bound", "[server][flush_policy]") {
    flush_policy p(small_options());
    p.on_flushed(500, 10ms, 10ms);  // busy; the last flush took 10 ms
    REQUIRE(p.mode() == flush_mode::frame_aligned);
    // A video frame flushes at once, with whatever waited for it.
    CHECK(p.flush_at(true, t0, t0 + 5ms) == t0 + 5ms);
    // Audio waits for the next video frame, but starts its flush one flush's
    // cost and 1 ms of timer wake-up before max_hold, so it is written within
    // 40 ms of its arrival.
    CHECK(p.flush_at(false, t0, t0) == t0 + 29ms);
    CHECK(p.flush_at(false, t0, t0 + 12ms) == t0 + 29ms);
    // Already due: at once.
    CHECK(p.flush_at(false, t0, t0 + 35ms) == t0 + 35ms);
    // A flush slower than the bound itself: no hold at all.
    p.on_flushed(500, 60ms, 60ms);
    CHECK(p.flush_at(false, t0, t0 + 1ms) == t0 + 1ms);
}

TEST_CASE("a flush that was only preempted is not busy, but its length still bounds the hold", "[server][flush_policy]") {
    flush_policy p(small_options());
    p.on_flushed(10, 100us, 30ms);  // 30 ms on the clock, 0.1 ms of CPU: another process had the core
    CHECK(p.mode() == flush_mode::immediate);
    p.on_flushed(10, 5ms, 5ms);
    REQUIRE(p.mode() == flush_mode::frame_aligned);
    p.on_flushed(10, 100us, 30ms);
    CHECK(p.flush_at(false, t0, t0) == t0 + 9ms);  // 40 ms less 30 ms of flush and 1 ms of wake-up
}

TEST_CASE("the policy goes back to immediate only after enough light flushes in a row", "[server][flush_policy]") {
    flush_policy p(small_options());
    p.on_flushed(200, 1ms, 1ms);
    REQUIRE(p.mode() == flush_mode::frame_aligned);
    // Under the threshold but not under half of it: not light, stays.
    for (int i = 0; i < 10; ++i) p.on_flushed(60, 1ms, 1ms);
    CHECK(p.mode() == flush_mode::frame_aligned);
    // Light, but one flush short, then interrupted: the count starts over.
    p.on_flushed(10, 100us, 100us);
    p.on_flushed(10, 100us, 100us);
    p.on_flushed(10, 3ms, 3ms);  // over half the cost budget
    p.on_flushed(10, 100us, 100us);
    p.on_flushed(10, 100us, 100us);
    CHECK(p.mode() == flush_mode::frame_aligned);
    p.on_flushed(10, 100us, 100us);
    CHECK(p.mode() == flush_mode::immediate);
    CHECK(p.flush_at(false, t0, t0) == t0);
}

TEST_CASE("the immediate policy never holds data", "[server][flush_policy]") {
    auto o = small_options();
    o.adaptive = false;
    flush_policy p(o);
    p.on_flushed(100000, 1s, 1s);
    CHECK(p.mode() == flush_mode::immediate);
    CHECK(p.flush_at(false, t0, t0) == t0);
}

TEST_CASE("a busy merger holds audio for the next video frame, within the bound", "[server][write_merger]") {
    asio::io_context io;
    auto o = small_options();
    o.busy_players = 1;  // every flush is busy
    o.max_hold = 500ms;  // long, so a slow machine cannot reach it while the test waits 20 ms
    write_merger merger(io, 0ms, true, o);
    auto a = std::make_shared<counting_target>();
    merger.request(a, true);  // the first flush is immediate, and switches the worker
    io.run();
    io.restart();
    REQUIRE(a->flushes == 1);
    take(merger);

    // Audio alone: held. The next video frame, 20 ms later, takes it along.
    const auto audio_at = std::chrono::steady_clock::now();
    {
        fanout_origin::scope batch(audio_at);
        merger.request(a, false);
    }
    io.run_for(20ms);
    CHECK(a->flushes == 1);
    {
        fanout_origin::scope batch(std::chrono::steady_clock::now());
        merger.request(a, true);
    }
    io.run_for(5ms);
    CHECK(a->flushes == 2);
    CHECK(merger.aligned_flushes() == 1);
    auto samples = take(merger);
    REQUIRE(samples.size() == 1);
    CHECK(samples[0] >= 20000);  // the audio's wait for the frame

    // Audio with no video after it leaves at the bound, not later.
    io.restart();
    {
        fanout_origin::scope batch(std::chrono::steady_clock::now());
        merger.request(a, false);
    }
    io.run();  // until the timer's flush
    CHECK(a->flushes == 3);
    samples = take(merger);
    REQUIRE(samples.size() == 1);
    CHECK(samples[0] >= 489000);  // held, less one (tiny) flush's cost and the timer's 1 ms
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
    std::vector<flush_sample> out;
    auto totals = [&] {
        std::vector<std::uint64_t> t;
        for (const auto& f : out) t.push_back(f.total_us);
        return t;
    };
    CHECK(stats.take(out) == 2);
    CHECK(totals() == std::vector<std::uint64_t>{10, 20, 30, 40});
    out.clear();
    CHECK(stats.take(out) == 0);
    CHECK(out.empty());
    stats.record(std::chrono::microseconds(-5));  // a clock that went backwards counts as 0
    stats.take(out);
    CHECK(totals() == std::vector<std::uint64_t>{0});
}

TEST_CASE("the hold allows for the longest of the recent flushes", "[server][flush_policy]") {
    flush_policy p(small_options());
    p.on_flushed(500, 30ms, 30ms);
    REQUIRE(p.mode() == flush_mode::frame_aligned);
    CHECK(p.flush_at(false, t0, t0) == t0 + 9ms);  // 40 - 30 - 1
    // Short flushes after a long one: the next may be long again, so the hold
    // stays short while the long one is among the last 32.
    for (std::size_t i = 1; i < flush_policy::window; ++i) p.on_flushed(500, 10ms, 10ms);
    CHECK(p.expected_cost() == 30ms);
    CHECK(p.flush_at(false, t0, t0) == t0 + 9ms);
    p.on_flushed(500, 10ms, 10ms);  // the long one leaves the window
    CHECK(p.expected_cost() == 10ms);
    CHECK(p.flush_at(false, t0, t0) == t0 + 29ms);
    // A longer flush takes effect at once.
    p.on_flushed(500, 20ms, 20ms);
    CHECK(p.flush_at(false, t0, t0) == t0 + 19ms);
    // Two long ones: the later one keeps the estimate when the first leaves.
    p.on_flushed(500, 20ms, 20ms);
    for (std::size_t i = 0; i < flush_policy::window - 1; ++i) p.on_flushed(500, 5ms, 5ms);
    CHECK(p.expected_cost() == 20ms);
    p.on_flushed(500, 5ms, 5ms);
    CHECK(p.expected_cost() == 5ms);
}

TEST_CASE("the hold allows for the worker's measured wake-up lateness, at least 1 ms", "[server][flush_policy]") {
    flush_policy p(small_options());
    p.on_flushed(500, 10ms, 10ms);
    REQUIRE(p.mode() == flush_mode::frame_aligned);
    p.on_woken(200us);  // under the floor
    CHECK(p.expected_lateness() == 1ms);
    CHECK(p.flush_at(false, t0, t0) == t0 + 29ms);
    p.on_woken(6ms);  // a timer behind the players' reads
    CHECK(p.flush_at(false, t0, t0) == t0 + 24ms);  // 40 - 10 - 6
    p.on_woken(-1ms);  // a clock that went backwards is no lateness
    CHECK(p.expected_lateness() == 6ms);
    // Both together past the bound: no hold.
    p.on_woken(35ms);
    CHECK(p.flush_at(false, t0, t0 + 2ms) == t0 + 2ms);
}

TEST_CASE("a video frame is written at once whatever the estimates", "[server][flush_policy]") {
    flush_policy p(small_options());
    p.on_flushed(500, 30ms, 30ms);
    p.on_woken(5ms);
    CHECK(p.flush_at(true, t0, t0 + 1ms) == t0 + 1ms);
}

namespace {
// Busy-waits `d` on the steady clock: stands for work queued on the worker.
void spin_for(std::chrono::steady_clock::duration d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < until) {
    }
}

std::vector<flush_sample> take_flushes(write_merger& m, latency_histogram* writes = nullptr) {
    std::vector<flush_sample> out;
    m.latency().take(out, writes);
    return out;
}
}  // namespace

TEST_CASE("a flush's latency is broken into hold, lateness and fan-out", "[server][write_merger]") {
    asio::io_context io;
    write_merger merger(io, 0ms, true);
    auto a = std::make_shared<counting_target>();
    auto b = std::make_shared<counting_target>();
    const auto origin = std::chrono::steady_clock::now();
    // A handler queued ahead of the decision holds the worker for 3 ms.
    asio::post(io, [] { spin_for(3ms); });
    {
        fanout_origin::scope batch(origin);
        merger.request(a);
        merger.request(b);
    }
    io.run();
    latency_histogram writes;
    auto flushes = take_flushes(merger, &writes);
    REQUIRE(flushes.size() == 1);
    const auto& f = flushes[0];
    CHECK(f.players == 2);
    CHECK_FALSE(f.by_deadline);
    CHECK(f.hold_us == 0);       // written at once: due when the batch came
    CHECK(f.late_us >= 3000);    // the queued handler
    CHECK(f.total_us >= f.hold_us + f.late_us + f.fanout_us);
    CHECK(f.total_us <= f.hold_us + f.late_us + f.fanout_us + 2);  // rounding of three parts
    // Each player's write is counted, the last one no later than the batch.
    CHECK(writes.count() == 2);
    CHECK(writes.max() <= f.total_us);
    CHECK(writes.quantile(0) >= 3000);
}

TEST_CASE("a busy merger's held audio leaves by its deadline, its wait counted as hold", "[server][write_merger]") {
    asio::io_context io;
    auto o = small_options();
    o.busy_players = 1;
    o.max_hold = 30ms;
    write_merger merger(io, 0ms, true, o);
    auto a = std::make_shared<counting_target>();
    merger.request(a, true);  // the first flush is immediate, and switches the worker
    io.run();
    io.restart();
    take_flushes(merger);

    const auto origin = std::chrono::steady_clock::now();
    {
        fanout_origin::scope batch(origin);
        merger.request(a, false);
    }
    io.run();
    auto flushes = take_flushes(merger);
    REQUIRE(flushes.size() == 1);
    const auto& f = flushes[0];
    CHECK(f.by_deadline);
    // Held until max_hold less the expected flush cost and at least 1 ms of
    // wake-up; the flush before took well under a millisecond.
    CHECK(f.hold_us <= 29000);
    CHECK(f.hold_us >= 15000);  // a preempted first flush makes the expected cost larger
    CHECK(f.total_us >= f.hold_us + f.late_us + f.fanout_us);
}

TEST_CASE("latency percentiles include p99.9", "[server][latency_stats]") {
    std::vector<std::uint64_t> v;
    for (std::uint64_t i = 1; i <= 2000; ++i) v.push_back(i);
    auto s = summarize_latency(v);
    CHECK(s.p999_us == 1998);
    CHECK(s.p99_us == 1980);
    // Under 1000 samples p99.9 is the maximum.
    std::vector<std::uint64_t> few{5, 1, 9};
    CHECK(summarize_latency(few).p999_us == 9);
}

TEST_CASE("the write histogram is exact under 64 us and within 1/32 above", "[server][latency_stats]") {
    latency_histogram h;
    CHECK(h.quantile(0.5) == 0);
    for (std::uint64_t v = 0; v < 64; ++v) h.add(v);
    CHECK(h.quantile(0.5) == 31);
    CHECK(h.max() == 63);
    h.clear();
    // 1000 values from 1000 to 100900 us: every quantile within 1/32 above the exact one.
    std::vector<std::uint64_t> exact;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        const auto v = 1000 + i * 100 + (i % 7);
        h.add(v);
        exact.push_back(v);
    }
    for (double q : {0.5, 0.9, 0.99, 0.999}) {
        const auto truth = exact[static_cast<std::size_t>(std::ceil(q * 1000 - 1e-9)) - 1];
        const auto got = h.quantile(q);
        CHECK(got >= truth);
        CHECK(got <= truth + truth / 32);
    }
    CHECK(h.quantile(1.0) == exact.back());
    latency_histogram other;
    other.add(5000000);
    h.merge(other);
    CHECK(h.count() == 1001);
    CHECK(h.max() == 5000000);
    CHECK(h.quantile(1.0) == 5000000);
    h.add(std::uint64_t{1} << 60);  // past the last bucket: counted there, the maximum exact
    CHECK(h.quantile(1.0) == std::uint64_t{1} << 60);
}

namespace {
// One worker fanning a 25 fps stream with 43 audio frames a second out to
// 1000 players, simulated on the policy's own clock: each read costs the
// hub's hand-out before the decision runs, each flush a fan-out of 11-14 ms
// in a scattered order, a timer wakes 0.3 ms late, and
// data arriving during a fan-out is read after it (the kernel held it, so
// its batch starts then, as the server's reads do).
struct fanout_sim {
    std::uint64_t flushes = 0, batches = 0;
    flush_policy::clock::duration worst{};
};

fanout_sim simulate(flush_policy& p, std::chrono::seconds length, std::chrono::seconds warm_up) {
    using d = flush_policy::clock::duration;
    const d video_every = 40ms, audio_every = 23220us, hand_out = 500us, timer_late = 300us;
    fanout_sim out;
    d next_video{}, next_audio = 5ms, busy_until{};
    bool pending = false, video = false, armed = false;
    d oldest{}, timer_at{};
    std::uint64_t k = 0;
    auto flush = [&](d start, d due) {
        const d cost = 11ms + static_cast<std::int64_t>(k * 7919 % 11) * 300us;  // 11-14 ms, scattered
        ++k;
        p.on_woken(start - due);
        p.on_flushed(1000, cost, cost);
        const d done = start + cost;
        if (done >= warm_up) {
            ++out.flushes;
            out.worst = std::max(out.worst, done - oldest);
        }
        busy_until = done;
        pending = video = armed = false;
    };
    while (std::min(next_video, next_audio) < length) {
        const bool is_video = next_video <= next_audio;
        const d arrival = is_video ? next_video : next_audio;
        (is_video ? next_video : next_audio) += is_video ? video_every : audio_every;
        // A due timer runs first when it fires before this data is read.
        const d read = std::max(arrival, busy_until);
        if (armed && timer_at + timer_late <= read) {
            const d run = std::max(timer_at + timer_late, busy_until);
            const auto at = p.flush_at(video, t0 + oldest, t0 + run);
            if (at <= t0 + run) {
                flush(run, timer_at);
            } else {
                timer_at = at - t0;  // not due yet (the estimates changed): re-armed
            }
        }
        const d origin = std::max(arrival, busy_until);
        if (origin >= warm_up) ++out.batches;
        if (!pending) oldest = origin;
        pending = true;
        video = video || is_video;
        const d decide = origin + hand_out;
        busy_until = decide;
        const auto at = p.flush_at(video, t0 + oldest, t0 + decide);
        if (at <= t0 + decide) {
            flush(decide, origin);
        } else if (!armed || at - t0 < timer_at) {
            armed = true;
            timer_at = at - t0;
        }
    }
    return out;
}
}  // namespace

TEST_CASE("simulated 1000 players: every batch within the bound, about one write per frame", "[server][flush_policy]") {
    flush_policy_options o;  // the defaults: 256 players make a flush busy, 40 ms bound
    flush_policy p(o);
    const auto sim = simulate(p, 20s, 2s);
    REQUIRE(p.mode() == flush_mode::frame_aligned);
    INFO("batches " << sim.batches << ", flushes " << sim.flushes << ", worst "
                    << std::chrono::duration_cast<std::chrono::microseconds>(sim.worst).count() << " us");
    // The bound holds for the slowest batch: the hold allows for the slowest
    // recent fan-out and wake-up. (Allowing for the last fan-out and 1 ms
    // instead, the rule before, put 3.4 % of these batches over 40 ms, the
    // slowest at 42.3 ms.)
    CHECK(sim.worst <= 40ms);
    // And the writes are still saved: 68 messages a second, 25 frames; the
    // audio the bound sends alone adds some.
    const double per_s = static_cast<double>(sim.flushes) / 18.0;
    CHECK(per_s >= 25.0);
    CHECK(per_s <= 45.0);
}
