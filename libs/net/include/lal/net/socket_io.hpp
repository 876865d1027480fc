// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <system_error>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/net/connection_stats.hpp>
#include <lal/net/send_queue.hpp>
#include <lal/net/tls_context.hpp>

namespace lal::net {

namespace detail {
class tls_session;
}

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
    /// TLS on this connection, on the context's side; null: plain TCP.
    std::shared_ptr<const tls_context> tls{};
    /// Longest TLS handshake from start(); then errc::tls_handshake_timeout.
    std::chrono::milliseconds tls_handshake_timeout{10'000};
};

/// The transport half of a connection, shared by every adapter's server and
/// client connections: waits for readability and reads into a buffer of the
/// thread (none per connection), writes queued payloads with gathered sendmsg
/// calls, runs one timer for the owner's deadline and the close deadline, and
/// closes gracefully (queued bytes, FIN, then the peer's FIN) or at once.
/// With socket_settings::tls the same happens over TLS: the owner still sees
/// plaintext (on_input, queue()), and ciphertext goes through a second queue.
/// Lives on the socket's executor (one thread); not thread-safe.
class socket_io {
public:
    /// Serves `owner` (which must outlive it) on `socket`; nothing happens until start().
    socket_io(socket_owner& owner, asio::ip::tcp::socket socket, socket_settings settings);
    ~socket_io();
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
    /// Bytes waiting in the write queue, and TLS records not yet sent (not counting the session's own).
    std::size_t bytes_queued() const noexcept { return queue_.bytes_queued() + cipher_.bytes_queued(); }
    /// Bytes, write calls and time so far.
    connection_stats stats() const;
    /// Bytes received so far, after decryption with TLS (no clock read, unlike stats()).
    std::uint64_t bytes_read() const noexcept { return bytes_read_; }
    /// Bytes the socket accepted so far; with TLS, the plaintext bytes encrypted (no clock read, unlike stats()).
    std::uint64_t bytes_written() const noexcept { return tls_ ? plain_written_ : queue_.bytes_written(); }
    /// True when the connection runs over TLS.
    bool secure() const noexcept { return settings_.tls != nullptr; }
    /// Runs the connection over TLS with `context` (a client once its URL is
    /// known); `server_name` is the host a client sends (SNI) and verifies.
    /// Call before start().
    void use_tls(std::shared_ptr<const tls_context> context, std::string server_name) {
        settings_.tls = std::move(context);
        tls_server_name_ = std::move(server_name);
    }
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
    void deliver_tls();
    bool seal();
    void send_tls_output();
    bool tls_handshaking() const;

    socket_owner& owner_;
    asio::ip::tcp::socket socket_;
    socket_settings settings_;
    asio::steady_timer timer_;
    send_queue queue_;
    std::unique_ptr<detail::tls_session> tls_;
    send_queue cipher_;  // TLS records for the socket; queue_ then holds plaintext
    std::string tls_server_name_;
    std::uint64_t plain_written_ = 0;
    bool close_notify_sent_ = false;
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
