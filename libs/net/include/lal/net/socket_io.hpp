// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/net/connection_stats.hpp>
#include <lal/net/send_queue.hpp>

namespace lal::net {

/// What a socket_io asks of the connection that owns it (a protocol adapter's
/// connection). All calls come on the socket's executor.
class socket_owner {
public:
    /// A reference that keeps the owner (and so the socket_io) alive while an
    /// operation is pending.
    virtual std::shared_ptr<void> keep_alive() = 0;
    /// Bytes just read; the owner feeds its session and handles the events.
    virtual void on_input(std::span<const std::byte> bytes) = 0;
    /// True while the owner wants no more input (reading pauses until resume_reading()).
    virtual bool input_paused() const = 0;
    /// Moves what the session has queued into `queue`, before each write.
    /// Owners that push into queue() themselves leave it empty.
    virtual void collect_output(send_queue& queue) = 0;
    /// The owner's next deadline while open (time_point::max() for none).
    virtual std::chrono::steady_clock::time_point deadline() const = 0;
    /// deadline() has passed.
    virtual void on_deadline() = 0;
    /// A flush emptied the write queue that held bytes before it.
    virtual void on_drained() {}
    /// The socket closed; called once, posted (never inside a call of the owner).
    virtual void on_closed(std::error_code reason) = 0;

protected:
    ~socket_owner() = default;
};

/// Settings socket_io takes from the connection options.
struct socket_settings {
    /// Longest graceful close: queued bytes out, FIN, and the peer's FIN.
    std::chrono::milliseconds close_timeout{5'000};
    /// Bytes per read, into the thread's buffer (thread_read_buffer()).
    std::size_t read_buffer_size = 64 * 1024;
    /// Buffers per gathered write; 0 = IOV_MAX.
    std::size_t max_write_buffers = 0;
};

/// The transport half of a connection, shared by every adapter's server and
/// client connections: waits for readability and reads into a buffer of the
/// thread (none per connection), writes queued payloads with gathered sendmsg
/// calls, runs one timer for the owner's deadline and the close deadline, and
/// closes gracefully (queued bytes, FIN, then the peer's FIN) or at once.
/// Lives on the socket's executor (one thread); not thread-safe.
class socket_io {
public:
    /// Serves `owner` (which must outlive it) on `socket`; nothing happens until start().
    socket_io(socket_owner& owner, asio::ip::tcp::socket socket, socket_settings settings);
    socket_io(const socket_io&) = delete;
    socket_io& operator=(const socket_io&) = delete;

    /// Starts reading and timing on a connected socket (non-blocking from now).
    void start();
    /// Writes what the owner has queued now, as far as the socket takes it.
    void flush();
    /// One flush at the end of the current handler batch, however many calls.
    void schedule_flush();
    /// Reads again after input_paused() turned false.
    void resume_reading();
    /// Re-reads the owner's deadline (call when it may have moved earlier).
    void update_deadline();
    /// Graceful close: queued bytes, then FIN, then wait for the peer's FIN, all
    /// within close_timeout. `reason` goes to on_closed; a close that runs out
    /// of time with no reason reports errc::close_timeout.
    void close(std::error_code reason);
    /// Closes now, dropping what is queued.
    void abort(std::error_code reason);

    /// True once start() (or a close before it) ran.
    bool started() const noexcept { return state_ != state::idle; }
    /// True until the socket is closed.
    bool is_open() const noexcept { return state_ != state::closed; }
    /// True during a graceful close.
    bool closing() const noexcept { return state_ == state::closing; }
    /// The write queue, for owners that queue payloads directly (then flush()).
    send_queue& queue() noexcept { return queue_; }
    /// Bytes waiting in the write queue (not counting the session's own).
    std::size_t bytes_queued() const noexcept { return queue_.bytes_queued(); }
    /// Bytes, write calls and time so far.
    connection_stats stats() const;
    /// Bytes received so far (no clock read, unlike stats()).
    std::uint64_t bytes_read() const noexcept { return bytes_read_; }
    /// Bytes the socket accepted so far (no clock read, unlike stats()).
    std::uint64_t bytes_written() const noexcept { return queue_.bytes_written(); }
    /// When bytes last arrived (start() before any).
    std::chrono::steady_clock::time_point last_input() const noexcept { return last_input_; }
    /// When start() ran.
    std::chrono::steady_clock::time_point started_at() const noexcept { return started_; }
    /// The socket (a client connects it before start()).
    asio::ip::tcp::socket& socket() noexcept { return socket_; }
    /// The peer, known from accept or connect.
    const asio::ip::tcp::endpoint& remote_endpoint() const noexcept { return remote_; }
    /// Records the peer a client connected to.
    void set_remote_endpoint(const asio::ip::tcp::endpoint& ep) { remote_ = ep; }

private:
    enum class state { idle, open, closing, closed };

    void arm_read();
    void on_readable(std::error_code ec);
    void wait_writable();
    void after_drain();
    void arm_timer();
    void on_timer();
    void finish(std::error_code reason);

    socket_owner& owner_;
    asio::ip::tcp::socket socket_;
    socket_settings settings_;
    asio::steady_timer timer_;
    send_queue queue_;
    asio::ip::tcp::endpoint remote_;
    state state_ = state::idle;
    bool reading_ = false;
    bool write_waiting_ = false;
    bool flush_posted_ = false;
    bool shut_down_ = false;
    bool timer_armed_ = false;
    std::uint32_t timer_generation_ = 0;
    std::chrono::steady_clock::time_point timer_expiry_{};
    std::chrono::steady_clock::time_point close_deadline_{};
    std::error_code close_reason_;
    std::chrono::steady_clock::time_point started_{};
    std::chrono::steady_clock::time_point ended_{};
    std::chrono::steady_clock::time_point last_input_{};
    std::uint64_t bytes_read_ = 0;
};

}  // namespace lal::net
