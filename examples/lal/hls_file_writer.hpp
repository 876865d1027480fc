// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace lal::server {

/// Counters of the HLS file writer, read from any thread (metrics, logs).
struct hls_file_counters {
    std::atomic<std::uint64_t> done{0};     ///< jobs run
    std::atomic<std::uint64_t> dropped{0};  ///< jobs refused because the queue was full
};

/// The one thread that does HLS file I/O (hls.out_path), so a slow or full
/// disk never blocks a hub worker: workers post jobs, it runs them in order.
/// The queue is bounded by jobs and by the bytes they carry (jobs without
/// bytes by count only); past a bound a job is dropped (counted; the caller
/// logs), never waited for.
class hls_file_writer {
public:
    /// At most `max_jobs` jobs carrying at most `max_bytes` wait.
    hls_file_writer(std::size_t max_jobs, std::size_t max_bytes);
    /// Runs the jobs still queued, then joins the thread.
    ~hls_file_writer();
    hls_file_writer(const hls_file_writer&) = delete;
    hls_file_writer& operator=(const hls_file_writer&) = delete;

    /// Queues `job`, which holds `bytes` of data; false when it was dropped (full).
    bool post(std::function<void()> job, std::size_t bytes = 0);
    /// Blocks until every job posted before has run (tests, shutdown).
    void drain();
    /// Its counters.
    const hls_file_counters& counters() const noexcept { return counters_; }

private:
    struct job {
        std::function<void()> run;
        std::size_t bytes = 0;
    };
    void loop();

    const std::size_t max_jobs_;
    const std::size_t max_bytes_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<job> queue_;
    std::size_t queued_bytes_ = 0;
    bool running_job_ = false;
    bool stopping_ = false;
    hls_file_counters counters_;
    std::thread thread_;  // last: starts once the rest is built
};

}  // namespace lal::server
