// SPDX-License-Identifier: MIT
#include "stats_reporter.hpp"

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
    std::size_t dropped = 0;
    for (std::size_t w = 0; w < mergers_.size(); ++w) dropped += mergers_.on(w).latency().take(samples_);
    const auto s = summarize_latency(samples_, dropped);
    std::uint64_t aligned = 0;
    for (std::size_t w = 0; w < mergers_.size(); ++w) aligned += mergers_.on(w).aligned_flushes();
    const auto aligned_now = aligned - std::exchange(aligned_reported_, aligned);
    if (s.count == 0 && s.dropped == 0) return;
    auto ms = [](std::uint64_t us) { return static_cast<double>(us) / 1000.0; };
    LAL_LOG_INFO("[stats] server-added latency over {} ms: batches={} p50={:.3f} ms p99={:.3f} ms max={:.3f} ms dropped={} aligned={}",
                 interval_.count(), s.count, ms(s.p50_us), ms(s.p99_us), ms(s.max_us), s.dropped, aligned_now);
}

}  // namespace lal::server
