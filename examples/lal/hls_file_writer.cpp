// SPDX-License-Identifier: MIT
#include "hls_file_writer.hpp"

namespace lal::server {

hls_file_writer::hls_file_writer(std::size_t max_jobs, std::size_t max_bytes)
    : max_jobs_(max_jobs), max_bytes_(max_bytes), thread_([this] { loop(); }) {}

hls_file_writer::~hls_file_writer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool hls_file_writer::post(std::function<void()> run, std::size_t bytes) {
    {
        std::lock_guard lock(mutex_);
        // One job always fits, however large, so a big segment is not refused on
        // an idle disk; jobs without data (removals, notifications) are bounded by count only.
        const bool over_bytes = bytes > 0 && !queue_.empty() && queued_bytes_ + bytes > max_bytes_;
        if (stopping_ || queue_.size() >= max_jobs_ || over_bytes) {
            counters_.dropped.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        queue_.push_back({std::move(run), bytes});
        queued_bytes_ += bytes;
    }
    wake_.notify_one();
    return true;
}

void hls_file_writer::drain() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && !running_job_; });
}

void hls_file_writer::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything posted has run
        auto next = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= next.bytes;
        running_job_ = true;
        lock.unlock();
        next.run();
        next.run = nullptr;  // what it held goes before the lock is taken again
        counters_.done.fetch_add(1, std::memory_order_relaxed);
        lock.lock();
        running_job_ = false;
        if (queue_.empty()) idle_.notify_all();
    }
}

}  // namespace lal::server
