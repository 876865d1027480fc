// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/rtmp/client_session.hpp>
#include <lal/net/connection_stats.hpp>
#include <lal/net/socket_io.hpp>
#include <lal/rtmp_asio/url.hpp>

namespace lal::rtmp_asio {

/// What a connection did (bytes read and written, write calls, duration).
using net::connection_stats;

/// Settings of a push or pull client.
struct client_options {
    /// Resolve, TCP connect, handshake, connect, createStream and publish/play
    /// start, all together; then errc::connect_timeout.
    std::chrono::milliseconds connect_timeout{10'000};
    /// Once started: close when the server sent nothing for this long
    /// (errc::idle_timeout); 0 = off. Useful for players.
    std::chrono::milliseconds idle_timeout{0};
    /// Longest graceful close (FCUnpublish/deleteStream out, FIN, the server's FIN).
    std::chrono::milliseconds close_timeout{3'000};
    /// Bytes per read, into a buffer shared by the thread's connections.
    std::size_t read_buffer_size = 64 * 1024;
    /// Buffers per gathered write; 0 = IOV_MAX.
    std::size_t max_write_buffers = 0;
    /// send() schedules a flush at the end of the handler batch.
    bool auto_flush = true;
    /// The core session's settings; app, tc_url, stream_name and role are filled from start().
    rtmp::client_options session;
    /// TLS settings for rtmps:// URLs; null: net::tls_context::default_client() (no verification).
    std::shared_ptr<const net::tls_context> tls;
};

/// How a client connection ended.
struct client_result {
    /// Empty after close() by the owner. Otherwise: a socket or resolver error
    /// (e.g. connection_refused), asio::error::eof when the server closed,
    /// errc::connect_timeout / idle_timeout, net::errc::close_timeout, a lal::rtmp::errc
    /// (connect_rejected, publish_rejected, play_rejected, command_failed, or a
    /// protocol error), or asio::error::operation_aborted after abort().
    std::error_code error;
    /// One line for people, e.g. "cannot connect to 127.0.0.1:1935: Connection refused",
    /// "publish rejected: NetStream.Publish.BadName already publishing".
    std::string description;
    connection_stats stats;
};

/// What the owner hears from a client connection, on its executor.
struct client_handlers {
    /// Each session event in order: connected, stream_created, publish_started
    /// or play_started, status, media and metadata (playing), stream_eof, failed.
    /// The event may be moved from.
    std::function<void(rtmp::client_event&)> on_event;
    /// The write queue drained completely after holding bytes (publish back-pressure).
    std::function<void()> on_drained;
    /// Once, at the end.
    std::function<void(const client_result&)> on_closed;
};

/// An RTMP client for one publish or play: resolves and connects with a
/// timeout, then lets a lal::rtmp::client_session run handshake, connect,
/// createStream and publish or play. One io_context (thread) for life; all
/// calls on its executor. Create with std::make_shared.
class client_connection final : public std::enable_shared_from_this<client_connection>,
                                private net::socket_owner {
public:
    /// A client on `executor` (one thread); nothing happens until start().
    explicit client_connection(asio::any_io_executor executor, client_options options = {});
    /// Closes the socket if still open.
    ~client_connection();
    client_connection(const client_connection&) = delete;
    client_connection& operator=(const client_connection&) = delete;

    /// Starts publishing to or playing `url`.
    void start(const rtmp_url& url, rtmp::client_role role, client_handlers handlers);
    /// Parses `url` first; a bad one ends at once (on_closed, posted) with its errc.
    void start(std::string_view url, rtmp::client_role role, client_handlers handlers);

    /// Publishes an audio, video or data message (header compression, our stream
    /// id). False (nothing sent) unless publishing and open.
    bool send(const rtmp::message& msg);
    /// Writes what is queued now.
    void flush();
    /// One flush at the end of the current handler batch.
    void schedule_flush();
    /// Ends politely: FCUnpublish and deleteStream (when started), FIN, the
    /// server's FIN, within close_timeout; on_closed then reports no error.
    void close();
    /// Closes at once (asio::error::operation_aborted).
    void abort();

    /// Bytes not yet accepted by the socket (session output plus write queue).
    std::size_t bytes_queued() const noexcept;
    /// Bytes, write calls and time since the TCP connection came up.
    connection_stats stats() const { return io_.stats(); }
    /// True once publish_started was reported (until closed).
    bool publishing() const noexcept { return session_ && session_->publishing() && open(); }
    /// True once play_started was reported (until closed).
    bool playing() const noexcept { return session_ && session_->playing() && open(); }
    /// True from start() until the end was reported.
    bool is_open() const noexcept { return started_ && !finished_; }
    /// The URL being served.
    const rtmp_url& url() const noexcept { return url_; }
    /// The core session once the TCP connection is up, else nullptr.
    rtmp::client_session* session() noexcept { return session_ ? &*session_ : nullptr; }
    /// The executor every call must run on.
    asio::any_io_executor get_executor() { return executor_; }

private:
    enum class phase { idle, resolving, connecting, handshaking, connecting_app, starting, started, closing };

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }
    void on_input(std::span<const std::byte> bytes) override;
    bool input_paused() const override { return false; }
    void collect_output(net::send_queue& queue) override;
    std::chrono::steady_clock::time_point deadline() const override;
    void on_deadline() override;
    void on_drained() override;
    void on_closed(std::error_code reason) override;

    bool open() const noexcept { return io_.is_open() && !io_.closing(); }
    void on_resolved(std::error_code ec, const asio::ip::tcp::resolver::results_type& endpoints);
    void on_connected(std::error_code ec, const asio::ip::tcp::endpoint& endpoint);
    void drain();
    void fail(std::error_code ec, std::string description);
    std::string phase_text() const;

    asio::any_io_executor executor_;
    client_options options_;
    asio::ip::tcp::resolver resolver_;
    asio::steady_timer connect_timer_;  // until TCP is up; then io_ times the rest
    net::socket_io io_;
    std::optional<rtmp::client_session> session_;
    rtmp_url url_;
    rtmp::client_role role_ = rtmp::client_role::play;
    client_handlers handlers_;
    phase phase_ = phase::idle;
    std::chrono::steady_clock::time_point connect_deadline_{};
    std::error_code error_;
    std::string description_;
    bool started_ = false;
    bool finished_ = false;
    bool draining_ = false;
};

}  // namespace lal::rtmp_asio
