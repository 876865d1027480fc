// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <lal/h3/wt_session.hpp>
#include <lal/moqt/session.hpp>
#include <lal/quic/connection.hpp>

#include "moq_publisher.hpp"

namespace lal::server {

struct server_context;
// The MoQT handler behind a WebTransport session: the media publisher.
using moq_handler = moq_publisher;

/// What a quic_session needs from the service that owns the UDP socket.
class quic_host {
public:
    virtual ~quic_host() = default;
    /// Sends one UDP payload; callable from any worker.
    virtual void send(byte_span payload, const quic::endpoint& to) = 0;
    /// The connection answers to new IDs and no longer to retired ones (RFC 9000 5.1).
    virtual void ids_changed(std::uint64_t handle, const std::vector<quic::connection_id>& added,
                             const std::vector<quic::connection_id>& retired) = 0;
    /// The connection is done: forget it.
    virtual void finished(std::uint64_t handle) = 0;
};

/// One QUIC connection on its worker: HTTP/3 (h3::wt_session) over it, and
/// a MoQT session over its WebTransport session (docs/ARCHITECTURE.md, QUIC).
/// A WebTransport or MoQT error ends that session only; an HTTP/3 error
/// closes the connection.
class quic_session : public std::enable_shared_from_this<quic_session> {
public:
    /// Takes over `conn`, accepted on the socket's thread.
    quic_session(quic_host& host, server_context& ctx, std::size_t worker, std::uint64_t handle,
                 std::unique_ptr<quic::connection> conn, std::string remote);
    ~quic_session();

    /// On the worker: the first flight after the Initial.
    void start();
    /// On the worker: one UDP payload from `from`.
    void on_datagram(byte_span bytes, const quic::endpoint& from);
    /// On the worker: closes with H3_NO_ERROR (RFC 9114 8.1); `abort`: without a CONNECTION_CLOSE.
    void shutdown(bool abort);
    /// On the worker: `key` got a publisher (`live`) or lost it; the MoQT
    /// handler tells its namespace subscribers.
    void on_stream_live(const stream_key& key, bool live);
    /// The worker it lives on.
    std::size_t worker() const noexcept { return worker_; }

private:
    void process();
    void on_h3_events();
    void on_moq_events();
    void start_moq(const h3::wt_event::connect& c);
    void end_moq(std::error_code ec, std::string_view reason);
    void flush();
    void flush_moq();
    void arm_timer();
    void done();

    quic_host& host_;
    server_context& ctx_;
    std::size_t worker_;
    std::uint64_t handle_;
    std::unique_ptr<quic::connection> conn_;
    std::string remote_;
    h3::wt_session h3_;
    std::unique_ptr<moqt::session> moq_;
    std::shared_ptr<moq_handler> handler_;
    std::map<std::uint64_t, std::int64_t> moq_streams_;  // MoQT local stream number -> QUIC stream id
    asio::steady_timer timer_;
    bool finished_ = false;
};

/// Nanoseconds on the steady clock, the QUIC connections' time base.
inline quic::timestamp quic_now() {
    return static_cast<quic::timestamp>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

}  // namespace lal::server
