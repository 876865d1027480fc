// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/base/payload.hpp>
#include <lal/httpflv/request.hpp>
#include <lal/httpflv/request_parser.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/net/connection_stats.hpp>
#include <lal/net/socket_io.hpp>

namespace lal::httpflv_asio {

/// What a connection did (bytes read and written, write calls, duration).
using net::connection_stats;

/// Settings of the server side.
struct server_options {
    /// Longest wait for a complete request head, counted from start(); then 408 and close.
    std::chrono::milliseconds request_timeout{10'000};
    /// Longest wait, once closing, for queued bytes to leave and for the peer's FIN.
    std::chrono::milliseconds close_timeout{5'000};
    httpflv::request_limits limits;
    /// Server name and CORS for the answers the connection gives by itself (400, 408, 414, 431 ...).
    httpflv::response_options response;
    /// Bytes per read. The buffer is one per thread, shared by all its connections.
    std::size_t read_buffer_size = 64 * 1024;
    /// Buffers per gathered write; 0 = IOV_MAX.
    std::size_t max_write_buffers = 0;
    /// When on, send() schedules a flush at the end of the current handler batch;
    /// off, the owner calls flush() (e.g. from a merged-write timer).
    bool auto_flush = true;
};

class server_connection;

/// What the application hears from a server connection, on its executor.
/// Unset handlers are skipped.
struct server_handlers {
    /// The first complete request: answer it with respond() or start_stream(),
    /// now or later. Called at most once, and released right after.
    std::function<void(const std::shared_ptr<server_connection>&, httpflv::request)> on_request;
    /// Once, after the socket closed. `reason`: empty for a local close,
    /// asio::error::eof when the peer closed, httpflv::errc::timeout (no request
    /// in time), a request parse error, net::errc::close_timeout, the reason
    /// given to close()/abort(), or the socket error.
    net::closed_handler<server_connection> on_closed;
};

/// One HTTP connection on one io_context: reads and parses a request (with a
/// timeout), hands it to the owner to decide, then writes a response or streams
/// shared payloads with gathered writes. Every call must be made on the
/// connection's executor. It answers malformed requests by itself, makes no
/// other protocol decision, and closes after one response (Connection: close).
/// Create with std::make_shared.
class server_connection final : public std::enable_shared_from_this<server_connection>,
                                private net::socket_owner {
public:
    /// Takes an accepted socket; nothing happens until start().
    explicit server_connection(asio::ip::tcp::socket socket, server_options options = {});
    ~server_connection();
    server_connection(const server_connection&) = delete;
    server_connection& operator=(const server_connection&) = delete;

    /// Starts reading the request.
    void start(server_handlers handlers);

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
    /// One flush at the end of the current handler batch, however many calls.
    void schedule_flush();
    /// Closes cleanly: the last chunk if chunked, queued bytes, then FIN and a
    /// bounded wait for the peer's FIN, within close_timeout. `reason` (e.g. a
    /// slow-player verdict) is what on_closed reports.
    void close(std::error_code reason = {});
    /// Closes at once, dropping whatever is queued; on_closed reports `reason`.
    void abort(std::error_code reason = {});

    /// Bytes queued and not yet accepted by the socket: back-pressure for the owner.
    std::size_t bytes_queued() const noexcept { return io_.bytes_queued(); }
    /// Bytes, write calls and time since start(), so far.
    connection_stats stats() const { return io_.stats(); }
    /// Bytes the socket accepted so far; cheaper than stats() on the media path.
    std::uint64_t bytes_written() const noexcept { return io_.bytes_written(); }
    /// True until the socket is closed.
    bool is_open() const noexcept { return io_.is_open(); }
    /// True after start_stream() until closing.
    bool streaming() const noexcept { return state_ == state::streaming && io_.is_open() && !io_.closing(); }
    /// The peer's address (unspecified if it could not be read at accept).
    const asio::ip::tcp::endpoint& remote_endpoint() const noexcept { return io_.remote_endpoint(); }
    /// The executor every call must run on.
    asio::any_io_executor get_executor() { return io_.socket().get_executor(); }

private:
    enum class state { idle, reading_request, awaiting_decision, streaming, done };

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }
    void on_input(std::span<const std::byte> bytes) override;
    bool input_paused() const override { return false; }
    void collect_output(net::send_queue&) override {}  // payloads go straight into io_.queue()
    std::chrono::steady_clock::time_point deadline() const override;
    void on_deadline() override;
    void on_closed(std::error_code reason) override;

    void answer_error(int status, std::error_code reason);

    server_options options_;
    net::socket_io io_;
    server_handlers handlers_;
    std::optional<httpflv::request_parser> parser_;
    state state_ = state::idle;
    bool chunked_ = false;
    std::vector<lal::payload> framed_;  // reused for chunk framing
};

}  // namespace lal::httpflv_asio
