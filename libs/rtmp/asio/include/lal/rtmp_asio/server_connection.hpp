// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <system_error>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/base/payload.hpp>
#include <lal/rtmp/server_session.hpp>
#include <lal/net/connection_stats.hpp>
#include <lal/net/socket_io.hpp>

namespace lal::rtmp_asio {

/// What a connection did (bytes read and written, write calls, duration).
using net::connection_stats;

/// Settings of one server connection.
struct server_options {
    /// The core session's settings (chunk size, windows, limits).
    rtmp::server_options session;
    /// From start() until the connect command is decided: a peer that does not
    /// finish the handshake and connect in time is closed (errc::handshake_timeout).
    std::chrono::milliseconds handshake_timeout{10'000};
    /// Close a peer that sent nothing for this long (errc::idle_timeout); 0 = off.
    /// Publishers must keep sending; players may be silent for long (set_idle_timeout()).
    std::chrono::milliseconds idle_timeout{0};
    /// Longest graceful close: queued bytes out, FIN, and the peer's FIN.
    std::chrono::milliseconds close_timeout{5'000};
    /// Bytes per read. The buffer is one per thread, shared by all its connections.
    std::size_t read_buffer_size = 64 * 1024;
    /// Buffers per gathered write; 0 = IOV_MAX.
    std::size_t max_write_buffers = 0;
    /// While a decision is pending, reading pauses once this many bytes arrived
    /// (the session holds them undecoded); resume() reads on.
    std::size_t max_input_while_pending = 64 * 1024;
    /// send() and send_encoded() schedule a flush at the end of the handler batch.
    bool auto_flush = true;
    /// RTMPS: TLS with this server context before the RTMP handshake, which
    /// handshake_timeout then also bounds; null: plain RTMP.
    std::shared_ptr<const net::tls_context> tls;
};

class server_connection;

/// What the application hears from a server connection, always on the
/// connection's executor. Unset handlers are skipped.
struct server_handlers {
    /// Each session event in order. Decide connect/publish/play here through
    /// session().accept_...()/reject_...(), or later followed by resume().
    /// The event may be moved from (media bodies are shared, not copied).
    std::function<void(const std::shared_ptr<server_connection>&, rtmp::server_event&)> on_event;
    /// After every event of one read (or of one resume()) was handled: the
    /// place to flush what the batch fanned out.
    std::function<void(const std::shared_ptr<server_connection>&)> on_batch_done;
    /// Once, after the socket closed. `reason`: empty for a plain local close,
    /// asio::error::eof when the peer closed, errc::handshake_timeout/idle_timeout,
    /// net::errc::close_timeout, a lal::rtmp::errc the peer caused, the reason
    /// given to close()/abort(), or the socket error.
    net::closed_handler<server_connection> on_closed;
};

/// One accepted RTMP connection driving a lal::rtmp::server_session: reads,
/// feeds the core, hands events to the application, writes the session's
/// output with gathered writes. Lives on one io_context (one thread) for life;
/// every call must be made on its executor. Create with std::make_shared.
class server_connection final : public std::enable_shared_from_this<server_connection>,
                                private net::socket_owner {
public:
    /// Takes an accepted socket; nothing happens until start().
    explicit server_connection(asio::ip::tcp::socket socket, server_options options = {});
    /// Closes the socket if still open (normally on_closed came first).
    ~server_connection();
    server_connection(const server_connection&) = delete;
    server_connection& operator=(const server_connection&) = delete;

    /// Starts the handshake timer and reading.
    void start(server_handlers handlers);

    /// The core session: decisions (accept_.../reject_...), send(), send_encoded(), notifications.
    rtmp::server_session& session() noexcept { return session_; }
    const rtmp::server_session& session() const noexcept { return session_; }

    /// session().send(msg), then a scheduled flush if auto_flush. False once closing.
    bool send(const rtmp::message& msg);
    /// session().send_encoded(chunks) (shared, never copied), then a scheduled
    /// flush if auto_flush. False once closing.
    bool send_encoded(lal::payload chunks);
    /// The same for chunks pre-encoded as pieces (rtmp::encode_chunk_pieces).
    bool send_encoded(std::span<const lal::payload> pieces);

    /// After a decision made outside on_event: handles the events held while it
    /// was pending and flushes, in a handler posted to the connection's executor.
    void resume();
    /// Moves the session's output to the write queue and writes now, as far as
    /// the socket takes it (gathered, up to max_write_buffers per call).
    void flush();
    /// One flush at the end of the current handler batch, however many calls:
    /// many sends leave in one gathered write.
    void schedule_flush();

    /// Graceful close: queued output, FIN, then the peer's FIN, within close_timeout.
    void close(std::error_code reason = {});
    /// Closes at once, dropping queued output.
    void abort(std::error_code reason = {});

    /// Changes the idle timeout from now on (0 = off), e.g. off for a player.
    void set_idle_timeout(std::chrono::milliseconds timeout);

    /// Bytes not yet accepted by the socket: the session's pending output plus
    /// the write queue. The application's back-pressure signal.
    std::size_t bytes_queued() const noexcept { return session_.output_bytes_pending() + io_.bytes_queued(); }
    /// Bytes, write calls and time so far.
    connection_stats stats() const { return io_.stats(); }
    /// Bytes the socket accepted so far; cheaper than stats() on the media path.
    std::uint64_t bytes_written() const noexcept { return io_.bytes_written(); }
    /// True from start() until the socket is closed.
    bool is_open() const noexcept { return io_.started() && io_.is_open(); }
    /// True after close() until the socket is closed.
    bool closing() const noexcept { return io_.closing(); }
    /// The peer's address (unspecified if it could not be read at accept).
    const asio::ip::tcp::endpoint& remote_endpoint() const noexcept { return io_.remote_endpoint(); }
    /// The socket, for options such as buffer sizes; never read or write through it.
    asio::ip::tcp::socket& socket() noexcept { return io_.socket(); }
    /// The executor every call must run on.
    asio::any_io_executor get_executor() { return io_.socket().get_executor(); }

private:
    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }
    void on_input(std::span<const std::byte> bytes) override;
    bool input_paused() const override;
    void collect_output(net::send_queue& queue) override;
    std::chrono::steady_clock::time_point deadline() const override;
    void on_deadline() override;
    void on_closed(std::error_code reason) override;

    void drain();
    void report_error(std::error_code ec);

    server_options options_;
    rtmp::server_session session_;
    net::socket_io io_;
    server_handlers handlers_;
    std::size_t input_while_pending_ = 0;
    bool draining_ = false;
    bool resume_posted_ = false;
    bool connect_seen_ = false;
    bool connect_decided_ = false;
};

}  // namespace lal::rtmp_asio
