// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>

#include "histogram.hpp"

namespace lalbench {

using clock_type = std::chrono::steady_clock;

/// Microseconds on the steady clock: CLOCK_MONOTONIC on Linux, which every
/// process of one host shares, so a publisher's stamps and a player's
/// receive times compare even across processes.
inline std::uint64_t now_us() noexcept {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now().time_since_epoch()).count());
}

/// Live figures of one worker: written by its thread only, read by the
/// reporter at any time (relaxed atomics, no locks).
struct counters {
    std::atomic<std::uint64_t> players_started{0};    ///< connections attempted
    std::atomic<std::uint64_t> players_connected{0};  ///< reached play start (RTMP) or a 200 head (HTTP)
    std::atomic<std::uint64_t> players_active{0};     ///< playing now
    std::atomic<std::uint64_t> players_failed{0};
    std::atomic<std::uint64_t> players_done{0};       ///< churn connections that completed
    std::atomic<std::uint64_t> bytes{0};              ///< received by players, protocol overhead included
    std::atomic<std::uint64_t> frames{0};             ///< audio and video messages received
    std::atomic<std::uint64_t> video_frames{0};
    std::atomic<std::uint64_t> stamped_frames{0};
    std::atomic<std::uint64_t> publishers_started{0};
    std::atomic<std::uint64_t> publishers_connected{0};
    std::atomic<std::uint64_t> publishers_active{0};
    std::atomic<std::uint64_t> publishers_failed{0};
    std::atomic<std::uint64_t> sent_frames{0};
    std::atomic<std::uint64_t> sent_bytes{0};         ///< message bytes handed to the publishing connections
    std::atomic<std::uint64_t> skipped_frames{0};     ///< not sent: the server did not take the bytes in time

    /// Adds one to a counter (only its worker writes it).
    static void bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) noexcept {
        c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    static void drop(std::atomic<std::uint64_t>& c) noexcept {
        c.store(c.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
    }
};

/// Figures a worker gathers on its own thread; read once its thread ended.
struct tallies {
    histogram latency;      ///< end-to-end latency of stamped frames received while measuring, µs
    histogram play_start;   ///< from the TCP connect to play start (or the 200 head), µs
    histogram first_media;  ///< from the TCP connect to the first audio or video message, µs
    std::uint64_t lost = 0;             ///< video frames missing at players that kept up
    std::uint64_t lost_lagging = 0;     ///< video frames missing at players that fell behind
    std::uint64_t lagging_players = 0;  ///< players whose latency went over the lag limit
    std::uint64_t sequence_resets = 0;  ///< stamps that went backwards (a publisher restarted)
    /// How late the worker's periodic timer fired, µs: how busy its loop was.
    histogram loop_lag;
    std::map<std::string, std::uint64_t> failures;  ///< what went wrong, and how often
};

/// Something a worker runs: a player or a publisher.
class client {
public:
    virtual ~client() = default;
    /// Called a few times a second: enforces timeouts.
    virtual void check(clock_type::time_point now) = 0;
    /// The run is over: close, without it counting as a failure once started.
    virtual void stop() = 0;
    /// True once closed; the worker then forgets it.
    virtual bool finished() const noexcept = 0;
};

/// Told when its socket has bytes to read.
class read_listener {
public:
    /// The socket is readable (level-triggered: called again while bytes remain).
    virtual void on_readable() = 0;

protected:
    ~read_listener() = default;
};

/// One event loop on its own thread with the connections that live there and
/// their counters.
///
/// Players' sockets are watched by an epoll set of the worker's own, nested in
/// Asio's: Asio re-arms a socket with epoll_ctl on every async_wait, a system
/// call per read that this saves (one epoll_wait serves every ready player).
class worker {
public:
    worker();
    ~worker();
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    asio::io_context& io() noexcept { return io_; }
    counters& live() noexcept { return live_; }
    /// The worker's tallies: on its thread, or after join().
    tallies& results() noexcept { return results_; }

    /// Whether latencies are being recorded (the measured window).
    bool measuring() const noexcept { return measuring_.load(std::memory_order_relaxed); }
    void set_measuring(bool on) noexcept { measuring_.store(on, std::memory_order_relaxed); }

    /// Reports readability of `fd` to `listener` until unwatch(); both on the
    /// worker's thread. `listener` must outlive the watch. False if epoll refused.
    bool watch(int fd, read_listener* listener);
    /// Stops reporting `fd`; call before closing it.
    void unwatch(int fd);

    /// Takes charge of `c` (on the worker's thread): checks and stops it.
    void add(std::shared_ptr<client> c);
    /// Notes a failure by its description (on the worker's thread).
    void record_failure(const std::string& description);
    /// State that clients of one kind share on this worker (the SRT players'
    /// poller), made by the first of them; destroyed with the worker, before its loop.
    std::shared_ptr<void>& shared_state() noexcept { return shared_state_; }

    /// Starts the thread.
    void start();
    /// Stops every client (any thread); the loop ends once they closed.
    void stop_clients();
    /// Waits for the thread to end.
    void join();

private:
    void arm_sweep();
    void arm_poll();
    void poll();

    asio::io_context io_{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
    asio::steady_timer sweep_;
    clock_type::time_point sweep_due_{};
    std::vector<std::shared_ptr<client>> clients_;
    std::shared_ptr<void> shared_state_;
    int epoll_fd_ = -1;
    asio::posix::stream_descriptor epoll_watch_;  // epoll_fd_, as Asio sees it
    std::atomic<bool> measuring_{false};
    bool stopping_ = false;
    counters live_;
    tallies results_;
    std::thread thread_;
};

}  // namespace lalbench
