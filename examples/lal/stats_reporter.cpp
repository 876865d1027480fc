// SPDX-License-Identifier: MIT
#include "stats_reporter.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "log.hpp"

namespace lal::server {

stats_reporter::stats_reporter(asio::io_context& context, write_mergers& mergers, std::chrono::milliseconds interval)
    : mergers_(mergers), interval_(interval), timer_(context) {}

void stats_reporter::start() { arm(); }

void stats_reporter::stop() { timer_.cancel(); }

void stats_reporter::arm() {
    timer_.expires_after(interval_);
    timer_.async_wait([this](std::error_code ec) {
        if (ec) return;
        report();
        arm();
    });
}

void stats_reporter::report() {
    samples_.clear();
    writes_.clear();
    std::size_t dropped = 0;
    for (std::size_t w = 0; w < mergers_.size(); ++w) dropped += mergers_.on(w).latency().take(samples_, &writes_);
    std::uint64_t aligned = 0;
    for (std::size_t w = 0; w < mergers_.size(); ++w) aligned += mergers_.on(w).aligned_flushes();
    const auto aligned_now = aligned - std::exchange(aligned_reported_, aligned);
    if (samples_.empty() && dropped == 0) return;

    // One component of every batch, summarized.
    auto of = [this](std::uint64_t flush_sample::*field) {
        values_.clear();
        for (const auto& s : samples_) values_.push_back(s.*field);
        return summarize_latency(values_);
    };
    auto ms = [](std::uint64_t us) { return static_cast<double>(us) / 1000.0; };
    const auto total = of(&flush_sample::total_us);
    const auto w = summarize_latency(writes_);
    // Batches over fixed edges (the targets among them): summed over
    // many intervals they give a window's exact share over a bound, which
    // one-interval percentiles of 25-70 batches cannot.
    std::array<std::size_t, over_edges_ms.size()> over{};
    for (const auto& b : samples_) {
        for (std::size_t i = 0; i < over_edges_ms.size(); ++i) over[i] += b.total_us > over_edges_ms[i] * 1000 ? 1 : 0;
    }
    LAL_LOG_INFO("[stats] server-added latency over {} ms: batches={} p50={:.3f} ms p99={:.3f} ms p999={:.3f} ms "
                 "max={:.3f} ms dropped={} aligned={} writes={} write_p50={:.3f} ms write_p99={:.3f} ms "
                 "write_p999={:.3f} ms over_1/2/5/10/20/40/80ms={}",
                 interval_.count(), total.count, ms(total.p50_us), ms(total.p99_us), ms(total.p999_us),
                 ms(total.max_us), dropped, aligned_now, w.count, ms(w.p50_us), ms(w.p99_us), ms(w.p999_us),
                 fmt::join(over, "/"));
    if (samples_.empty()) return;

    const auto hold = of(&flush_sample::hold_us);
    const auto late = of(&flush_sample::late_us);
    const auto fanout = of(&flush_sample::fanout_us);
    const auto cpu = of(&flush_sample::cpu_us);
    values_.clear();
    std::size_t by_deadline = 0;
    for (const auto& s : samples_) {
        values_.push_back(s.players);
        by_deadline += s.by_deadline ? 1 : 0;
    }
    const auto players = summarize_latency(values_);
    const auto& worst = *std::max_element(samples_.begin(), samples_.end(),
                                          [](const auto& a, const auto& b) { return a.total_us < b.total_us; });
    LAL_LOG_INFO("[stats] flush breakdown over {} ms: hold p50={:.3f} p99={:.3f} ms late p50={:.3f} p99={:.3f} "
                 "max={:.3f} ms fanout p50={:.3f} p99={:.3f} max={:.3f} ms cpu p99={:.3f} ms players p50={} "
                 "by_deadline={} worst total={:.3f} hold={:.3f} late={:.3f} fanout={:.3f} ms",
                 interval_.count(), ms(hold.p50_us), ms(hold.p99_us), ms(late.p50_us), ms(late.p99_us),
                 ms(late.max_us), ms(fanout.p50_us), ms(fanout.p99_us), ms(fanout.max_us), ms(cpu.p99_us),
                 players.p50_us, by_deadline, ms(worst.total_us), ms(worst.hold_us), ms(worst.late_us),
                 ms(worst.fanout_us));
}

}  // namespace lal::server
