// SPDX-License-Identifier: MIT
#include "write_merger.hpp"

#include <utility>

#include <asio/post.hpp>

#include "hub_types.hpp"

namespace lal::server {

write_merger::write_merger(asio::io_context& context, std::chrono::milliseconds window, bool measure_latency)
    : context_(context), window_(window), measure_latency_(measure_latency), timer_(context) {}

void write_merger::request(const std::shared_ptr<flush_target>& target) {
    // The oldest batch among the pending data sets the latency of the flush,
    // even when its target was already waiting.
    const auto origin = measure_latency_ ? fanout_origin::current() : fanout_origin::time_point{};
    if (origin != fanout_origin::time_point{} &&
        (oldest_origin_ == fanout_origin::time_point{} || origin < oldest_origin_)) {
        oldest_origin_ = origin;
    }
    if (target->flush_requested_) return;
    target->flush_requested_ = true;
    pending_.push_back(target);
    if (armed_) return;
    armed_ = true;
    if (window_.count() == 0) {
        asio::post(context_, [this] { flush_pending(); });
        return;
    }
    timer_.expires_after(window_);
    timer_.async_wait([this](std::error_code ec) {
        if (!ec) flush_pending();
    });
}

void write_merger::flush_pending() {
    armed_ = false;
    // A flush can make more requests (a close that fans out): they go into a
    // fresh pending list and a new window.
    flushing_.swap(pending_);
    const auto origin = std::exchange(oldest_origin_, fanout_origin::time_point{});
    for (auto& weak : flushing_) {
        if (auto target = weak.lock()) {
            target->flush_requested_ = false;
            target->flush_now();
        }
    }
    flushing_.clear();
    if (origin != fanout_origin::time_point{}) latency_.record(std::chrono::steady_clock::now() - origin);
}

write_mergers::write_mergers(const std::vector<asio::io_context*>& contexts, std::chrono::milliseconds window,
                             bool measure_latency) {
    for (auto* c : contexts) mergers_.push_back(std::make_unique<write_merger>(*c, window, measure_latency));
}

}  // namespace lal::server
