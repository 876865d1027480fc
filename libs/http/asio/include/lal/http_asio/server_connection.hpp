// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/base/payload.hpp>
#include <lal/http/request.hpp>
#include <lal/http/request_parser.hpp>
#include <lal/http/response.hpp>
#include <lal/http/router.hpp>
#include <lal/http/websocket_decoder.hpp>
#include <lal/http/websocket_frame.hpp>
#include <lal/net/connection_stats.hpp>
#include <lal/net/shared_file.hpp>
#include <lal/net/socket_io.hpp>

namespace lal::http_asio {

/// What a connection did (bytes read and written, write calls, duration).
using net::connection_stats;

class server_connection;

/// The application's routes; a handler answers with respond(), or takes the
/// connection over with start_stream() or accept_websocket(), now or later.
using router = http::router<const std::shared_ptr<server_connection>&>;

/// Settings of the server side.
struct server_options {
    /// Longest wait for the first request (from start()), and for any request once its
    /// first byte arrived; then 408 and close.
    std::chrono::milliseconds request_timeout{10'000};
    /// Longest silence between requests on a kept-alive connection; then a quiet close (RFC 9112 9.5).
    std::chrono::milliseconds idle_timeout{30'000};
    /// Longest wait, once closing, for queued bytes to leave and for the peer's FIN.
    std::chrono::milliseconds close_timeout{5'000};
    http::request_limits limits;
    /// Server name and CORS for the answers the connection gives by itself (400, 408, 413, 431 ...).
    http::response_options response;
    /// Limits of the WebSocket messages read after an upgrade.
    http::ws::decoder_limits websocket;
    /// Reading pauses while more than this many response bytes wait (pipelining back-pressure).
    std::size_t max_queued_while_reading = 1024 * 1024;
    /// Bytes per read. The buffer is one per thread, shared by all its connections.
    std::size_t read_buffer_size = 64 * 1024;
    /// Buffers per gathered write; 0 = IOV_MAX.
    std::size_t max_write_buffers = 0;
    /// When on, send() and the heads of streams schedule a flush at the end of the
    /// current handler batch; off, the owner calls flush() (e.g. from a merged-write
    /// timer). respond() always flushes.
    bool auto_flush = true;
    /// HTTPS (and WSS): TLS with this server context before the first request,
    /// which request_timeout then also bounds; null: plain HTTP.
    std::shared_ptr<const net::tls_context> tls;
};

/// Once, after the socket closed: the reason (empty for a local close,
/// asio::error::eof when the peer left, http::errc::timeout, a parse error, a
/// WebSocket error, or what close()/abort() was given) and the statistics.
using closed_handler = net::closed_handler<server_connection>;

/// What a WebSocket connection hears from its peer, on its executor; unset ones are skipped.
/// Pings are answered with pongs and a close with a close by the connection itself.
struct websocket_handlers {
    /// A whole text or binary message.
    std::function<void(const std::shared_ptr<server_connection>&, http::ws::message)> on_message;
    /// The peer's close frame (the connection answers it and closes).
    std::function<void(const std::shared_ptr<server_connection>&, const http::ws::close_frame&)> on_close;
};

/// One HTTP/1.1 server connection on a net::socket_io: parses requests with
/// http::request_parser and dispatches them through the application's router.
/// Responses with a length keep the connection alive (RFC 9112 9.3); pipelined
/// requests are answered in order, one at a time. A handler may instead take the
/// connection over for a live body (start_stream) or a WebSocket
/// (accept_websocket); it is then a stream sink: send(), bytes_queued(),
/// bytes_written(), close(). Every call must be made on the connection's
/// executor. Create with std::make_shared.
class server_connection final : public std::enable_shared_from_this<server_connection>,
                                private net::socket_owner {
public:
    /// Takes an accepted socket; nothing happens until start().
    explicit server_connection(asio::ip::tcp::socket socket, server_options options = {});
    ~server_connection();
    server_connection(const server_connection&) = delete;
    server_connection& operator=(const server_connection&) = delete;

    /// Starts reading requests, dispatched through `routes` (shared by many connections).
    void start(std::shared_ptr<const router> routes, closed_handler on_closed = {});
    /// Replaces the closed handler (a handler taking the connection over sets its own).
    void set_closed_handler(closed_handler on_closed) { on_closed_ = std::move(on_closed); }

    /// Answers the request being handled (head only for HEAD), with a Date field;
    /// keeps the connection when decide_keep_alive() says so, else closes after it.
    void respond(http::response r);
    /// As respond(), with a shared body sent as it is (never copied): a cached
    /// segment or playlist. Sets Content-Length to its size; HEAD gets the head only.
    void respond(http::response r, lal::payload body);
    /// As respond(r, body), where `file` holds the same bytes as `body`: on
    /// plain TCP they go out with sendfile from it, not copied per connection
    /// (net::send_queue); TLS seals `body`. Null `file`: respond(r, body).
    void respond(http::response r, lal::payload body, std::shared_ptr<const net::shared_file> file);
    /// Sends a 200 head of a live body (e.g. http::stream_response) for the request
    /// being handled and becomes a stream sink; chunked framing makes each send() a chunk.
    void start_stream(const http::response& head);
    /// Completes the WebSocket handshake of the request being handled (RFC 6455
    /// 4.2.2) and becomes a WebSocket sink: each send() is one binary message.
    /// False when the request is not a valid handshake: it was answered (400 or 426).
    bool accept_websocket(websocket_handlers handlers, std::string_view protocol = {});

    /// Queues a payload while a stream sink: shared, never copied (a WebSocket
    /// gets a header built apart). False (and nothing queued) otherwise or when closing.
    bool send(lal::payload p);
    /// Queues several payloads as one chunk or one WebSocket message.
    bool send(std::span<const lal::payload> payloads);
    /// Queues a text WebSocket message (RFC 6455 5.6). False unless a WebSocket.
    bool send_text(std::string_view text);
    /// Queues a ping (RFC 6455 5.5.2), at most 125 bytes. False unless a WebSocket.
    bool send_ping(std::string_view data = {});
    /// Writes what is queued now, as far as the socket takes it.
    void flush();
    /// One flush at the end of the current handler batch, however many calls.
    void schedule_flush();
    /// Closes cleanly: the last chunk if chunked, a close frame (1000) if a
    /// WebSocket, queued bytes, FIN, then a bounded wait for the peer's FIN.
    void close(std::error_code reason = {});
    /// Closes at once, dropping whatever is queued.
    void abort(std::error_code reason = {});

    /// Bytes queued and not yet accepted by the socket: back-pressure for the owner.
    std::size_t bytes_queued() const noexcept { return io_.bytes_queued(); }
    /// Bytes the socket accepted so far; cheaper than stats() on the media path.
    std::uint64_t bytes_written() const noexcept { return io_.bytes_written(); }
    /// Bytes, write calls and time since start(), so far.
    connection_stats stats() const { return io_.stats(); }
    /// Requests read so far on this connection.
    std::uint64_t requests() const noexcept { return requests_; }
    /// True until the socket is closed.
    bool is_open() const noexcept { return io_.is_open(); }
    /// True while a stream sink (live body or WebSocket) that is not closing.
    bool streaming() const noexcept {
        return (state_ == state::streaming || state_ == state::websocket) && io_.is_open() && !io_.closing();
    }
    /// True after accept_websocket() succeeded.
    bool is_websocket() const noexcept { return state_ == state::websocket; }
    /// The request being handled (valid inside a handler and until it answers).
    const http::request* current_request() const noexcept { return current_ ? &*current_ : nullptr; }
    /// The peer's address (unspecified if it could not be read at accept).
    const asio::ip::tcp::endpoint& remote_endpoint() const noexcept { return io_.remote_endpoint(); }
    /// The local address the peer reached (unspecified if it cannot be read): a
    /// WebRTC answer announces it as its host candidate.
    asio::ip::tcp::endpoint local_endpoint() {
        std::error_code ec;
        return io_.socket().local_endpoint(ec);
    }
    /// The executor every call must run on.
    asio::any_io_executor get_executor() { return io_.socket().get_executor(); }

private:
    enum class state { idle, reading, streaming, websocket, done };

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }
    void on_input(std::span<const std::byte> bytes) override;
    bool input_paused() const override;
    void collect_output(net::send_queue&) override {}  // payloads go straight into io_.queue()
    std::chrono::steady_clock::time_point deadline() const override;
    void on_deadline() override;
    void on_drained() override;
    void on_closed(std::error_code reason) override;

    bool awaiting_request() const noexcept;
    void process();
    void answer_error(int status, std::error_code reason);
    void push(lal::payload p);
    void on_websocket_input(std::span<const std::byte> bytes);
    void close_websocket(std::uint16_t code, std::error_code reason);

    server_options options_;
    net::socket_io io_;
    std::shared_ptr<const router> routes_;
    closed_handler on_closed_;
    websocket_handlers ws_handlers_;
    std::optional<http::request_parser> parser_;
    std::optional<http::ws::message_reader> ws_reader_;
    std::optional<http::request> current_;  // the request being handled
    std::error_code parse_error_;
    state state_ = state::idle;
    bool processing_ = false;
    bool fed_while_pending_ = false;  // a read came while current_ waited for its answer
    bool chunked_ = false;
    bool close_sent_ = false;  // a WebSocket close frame went out
    std::uint64_t requests_ = 0;
    std::chrono::steady_clock::time_point waiting_since_{};
    std::vector<lal::payload> framed_;  // reused for chunk and frame framing
};

}  // namespace lal::http_asio
