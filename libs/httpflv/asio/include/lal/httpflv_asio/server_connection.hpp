// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/base/payload.hpp>
#include <lal/httpflv/request.hpp>
#include <lal/httpflv/request_parser.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv_asio/detail/send_queue.hpp>

namespace lal::httpflv_asio {

/// Settings of the server side.
struct server_options {
    /// Longest wait for a complete request head, counted from accept; then 408 and close.
    std::chrono::milliseconds request_timeout{10'000};
    /// Longest wait, once closing, for queued bytes to leave and for the peer's FIN.
    std::chrono::milliseconds close_timeout{5'000};
    httpflv::request_limits limits;
    /// Server name and CORS for the answers the connection gives by itself (400, 408, 414, 431 ...).
    httpflv::response_options response;
    /// When on, send() schedules a flush at the end of the current handler batch;
    /// off, the owner calls flush() (e.g. from a merged-write timer).
    bool auto_flush = true;
};

/// What a finished session did, for the log line at its end.
struct session_stats {
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::chrono::steady_clock::duration duration{};
};

/// One HTTP connection on one io_context: reads and parses a request (with a
/// timeout), hands it to the owner to decide, then writes a response or streams
/// shared payloads with gathered writes. Every call must be made on the
/// connection's executor. It answers malformed requests by itself, makes no
/// other protocol decision, and closes after one response (Connection: close).
class server_connection : public std::enable_shared_from_this<server_connection> {
public:
    using request_handler = std::function<void(const std::shared_ptr<server_connection>&, httpflv::request)>;
    /// Called once, after the socket closed: `reason` is empty for a local close,
    /// asio::error::eof when the peer closed, httpflv::errc::timeout, a request
    /// parse error, or the socket error that ended it.
    using close_handler = std::function<void(const session_stats&, std::error_code reason)>;

    /// Takes an accepted socket; nothing happens until start().
    server_connection(asio::ip::tcp::socket socket, server_options options = {});
    ~server_connection();
    server_connection(const server_connection&) = delete;
    server_connection& operator=(const server_connection&) = delete;

    /// Starts reading the request. `on_request` gets the first complete request and
    /// must answer it with respond() or start_stream(), now or later.
    void start(request_handler on_request, close_handler on_close = {});

    /// Sends a complete response (the head only if `head_only`) and closes.
    void respond(const httpflv::response& r, bool head_only = false);
    /// Sends a 200 head (e.g. httpflv::flv_stream_response) and enters streaming;
    /// with chunked framing every send() becomes one chunk.
    void start_stream(const httpflv::response& head);
    /// Queues a payload for the peer while streaming; shared, never copied. False
    /// (and nothing queued) when not streaming or already closing.
    bool send(lal::payload p);
    /// Queues several payloads (one chunk when chunked). False when not streaming.
    bool send(std::span<const lal::payload> payloads);
    /// Writes what is queued now, as far as the socket takes it.
    void flush();
    /// Closes cleanly: the last chunk if chunked, queued bytes, then FIN and a
    /// bounded wait for the peer's FIN. Ends on close_timeout at the latest.
    /// `reason` (e.g. a slow-player verdict) is what on_close reports.
    void close(std::error_code reason = {});
    /// Closes at once, dropping whatever is queued; on_close reports `reason`.
    void abort(std::error_code reason = {});

    /// Bytes queued and not yet accepted by the socket: back-pressure for the owner.
    std::size_t bytes_queued() const noexcept { return queue_.bytes(); }
    /// Bytes sent, received and time since start(), so far.
    session_stats stats() const;
    /// Bytes the socket accepted so far; cheaper than stats() on the media path.
    std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
    /// True until the socket is closed.
    bool is_open() const noexcept { return state_ != state::closed; }
    /// True after start_stream() until closing.
    bool streaming() const noexcept { return state_ == state::streaming; }
    /// The peer's address (unspecified if it could not be read at accept).
    const asio::ip::tcp::endpoint& remote_endpoint() const noexcept { return remote_; }
    /// The executor every call must run on.
    asio::any_io_executor get_executor() { return socket_.get_executor(); }

private:
    enum class state { idle, reading_request, awaiting_decision, streaming, closing, closed };

    void do_read();
    void on_read(std::error_code ec, std::size_t n);
    void on_request_timeout();
    void answer_error(int status, std::error_code reason);
    void schedule_flush();
    void wait_writable();
    void begin_close();
    void after_drain();
    void finish_close(std::error_code reason);

    asio::ip::tcp::socket socket_;
    server_options options_;
    asio::steady_timer timer_;
    asio::ip::tcp::endpoint remote_;
    request_handler on_request_;
    close_handler on_close_;
    std::optional<httpflv::request_parser> parser_;
    detail::send_queue queue_;
    state state_ = state::idle;
    bool chunked_ = false;
    bool flush_posted_ = false;
    bool write_waiting_ = false;
    bool shut_down_ = false;
    std::error_code close_reason_;
    std::uint64_t bytes_sent_ = 0;
    std::uint64_t bytes_received_ = 0;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point ended_;
    std::vector<lal::payload> framed_;           // reused for chunk framing
    std::array<std::byte, 1024> read_buffer_{};  // players send a request and then nothing
};

}  // namespace lal::httpflv_asio
