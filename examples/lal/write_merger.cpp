// SPDX-License-Identifier: MIT
#include "write_merger.hpp"

#include <algorithm>
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
    // One decision per handler that queued data, not one per player. It is
    // due when the batch came in: the time until it runs (the rest of the
    // hub's hand-out, handlers queued ahead) is lateness.
    if (posted_) return;
    posted_ = true;
    posted_due_ = origin != clock::time_point{} ? origin : clock::now();
    asio::post(context_, [this] { decide(posted_due_, false); });
}

void write_merger::decide(clock::time_point due, bool by_timer) {
    if (!by_timer) posted_ = false;
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
        // A timer is late from its expiry (`at` is clamped to now once
        // past); a posted decision from its batch's arrival, or from the
        // window's end if that passed before (the timer had not run yet).
        const auto from = by_timer ? due : std::min(due, at);
        policy_.on_woken(now - from);
        flush_pending(now, from, by_timer);
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
        decide(timer_at_, true);
    });
}

void write_merger::flush_pending(clock::time_point now, clock::time_point due, bool by_deadline) {
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
    const bool measured = measure_latency_ && origin != clock::time_point{};
    const auto cpu_start = thread_cpu();
    for (auto& weak : flushing_) {
        if (auto target = weak.lock()) {
            target->flush_requested_ = false;
            target->flush_now();
            ++written;
            if (measured) write_us_.push_back(whole_us(clock::now() - origin));
        }
    }
    flushing_.clear();
    const auto done = clock::now();
    const auto cpu = std::chrono::duration_cast<clock::duration>(thread_cpu() - cpu_start);
    policy_.on_flushed(written, cpu, done - now);
    if (!measured) return;
    flush_sample s;
    s.total_us = whole_us(done - origin);
    s.hold_us = whole_us(due - origin);
    s.late_us = whole_us(now - due);
    s.fanout_us = whole_us(done - now);
    s.cpu_us = whole_us(cpu);
    s.players = static_cast<std::uint32_t>(written);
    s.by_deadline = by_deadline;
    latency_.record(s);
    latency_.record_writes(write_us_);
    write_us_.clear();
}

write_mergers::write_mergers(const std::vector<asio::io_context*>& contexts, std::chrono::milliseconds window,
                             bool measure_latency, flush_policy_options policy) {
    for (auto* c : contexts) mergers_.push_back(std::make_unique<write_merger>(*c, window, measure_latency, policy));
}

}  // namespace lal::server
