// SPDX-License-Identifier: MIT
#include "write_merger.hpp"

#include <ctime>
#include <utility>

#include <asio/post.hpp>

#include "hub_types.hpp"

namespace lal::server {

namespace {
// CPU time of the calling thread: what a flush cost the worker, without the
// time another process had the core (POSIX clock_gettime).
std::chrono::nanoseconds thread_cpu() noexcept {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}
}  // namespace

write_merger::write_merger(asio::io_context& context, std::chrono::milliseconds window, bool measure_latency,
                           flush_policy_options policy)
    : context_(context), window_(window), measure_latency_(measure_latency), policy_(policy), timer_(context) {}

void write_merger::request(const std::shared_ptr<flush_target>& target, bool video) {
    // The oldest batch among the pending data sets the latency of the flush,
    // even when its target was already waiting, and bounds how long it is held.
    const auto origin = fanout_origin::current();
    if (origin != clock::time_point{} && (oldest_origin_ == clock::time_point{} || origin < oldest_origin_)) {
        oldest_origin_ = origin;
    }
    video_pending_ = video_pending_ || video;
    if (!target->flush_requested_) {
        target->flush_requested_ = true;
        pending_.push_back(target);
    }
    // One decision per handler that queued data, not one per player.
    if (posted_) return;
    posted_ = true;
    asio::post(context_, [this] { decide(); });
}

void write_merger::decide() {
    posted_ = false;
    if (pending_.empty()) return;
    const auto now = clock::now();
    if (held_since_ == clock::time_point{}) {
        // The fixed window counts from the first unwritten byte; the policy's
        // bound from when the publisher's data reached the server.
        held_since_ = now;
        if (window_.count() == 0 && oldest_origin_ != clock::time_point{} && oldest_origin_ < now) {
            held_since_ = oldest_origin_;
        }
    }
    const auto at = window_.count() > 0 ? held_since_ + window_ : policy_.flush_at(video_pending_, held_since_, now);
    if (at <= now) {
        flush_pending(now);
    } else {
        arm(at);
    }
}

void write_merger::arm(clock::time_point at) {
    // An armed timer that fires before `at` finds the data not due and re-arms.
    if (armed_ && timer_at_ <= at) return;
    armed_ = true;
    timer_at_ = at;
    timer_.expires_at(at);
    timer_.async_wait([this](std::error_code ec) {
        if (ec == asio::error::operation_aborted) return;  // re-armed earlier, or shutting down
        armed_ = false;
        decide();
    });
}

void write_merger::flush_pending(clock::time_point now) {
    if (policy_.mode() == flush_mode::frame_aligned && window_.count() == 0) {
        aligned_flushes_.fetch_add(1, std::memory_order_relaxed);
    }
    // A flush can make more requests (a close that fans out): they go into a
    // fresh pending list and a new decision.
    flushing_.swap(pending_);
    const auto origin = std::exchange(oldest_origin_, clock::time_point{});
    held_since_ = clock::time_point{};
    video_pending_ = false;
    std::size_t written = 0;
    const auto cpu_start = thread_cpu();
    for (auto& weak : flushing_) {
        if (auto target = weak.lock()) {
            target->flush_requested_ = false;
            target->flush_now();
            ++written;
        }
    }
    flushing_.clear();
    const auto done = clock::now();
    policy_.on_flushed(written, std::chrono::duration_cast<clock::duration>(thread_cpu() - cpu_start), done - now);
    if (measure_latency_ && origin != clock::time_point{}) latency_.record(done - origin);
}

write_mergers::write_mergers(const std::vector<asio::io_context*>& contexts, std::chrono::milliseconds window,
                             bool measure_latency, flush_policy_options policy) {
    for (auto* c : contexts) mergers_.push_back(std::make_unique<write_merger>(*c, window, measure_latency, policy));
}

}  // namespace lal::server
