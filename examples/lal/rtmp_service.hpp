// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/rtmp_asio/acceptor.hpp>

#include "service.hpp"
#include "tls_setup.hpp"

namespace lal::server {

class rtmp_peer;

/// RTMP publish and play on the hub: a publish attaches a publisher to its
/// stream (refused with NetStream.Publish.BadName when the stream is live), a
/// play subscribes (waiting up to stream.wait_publisher_ms for a publisher).
/// `secure`: the RTMPS listener (rtmp.rtmps_addr), TLS before the RTMP handshake.
class rtmp_service final : public service {
public:
    explicit rtmp_service(server_context& ctx, bool secure = false);
    ~rtmp_service() override;

    std::string_view name() const noexcept override { return secure_ ? "rtmps" : "rtmp"; }

    /// Binds rtmp.addr (rtmp.rtmps_addr), or fails naming the TLS file that did not load.
    std::string listen() override;
    /// Starts accepting.
    void start() override;
    /// Stops accepting and closes every session (each on its own worker);
    /// `abort`: at once, without waiting for queued bytes or the peer's FIN.
    void stop(bool abort) override;

private:
    friend class rtmp_peer;
    void on_connection(std::shared_ptr<rtmp_asio::server_connection> conn, std::size_t worker);

    server_context& ctx_;
    bool secure_;
    server_tls tls_;
    rtmp_asio::acceptor acceptor_;
    // Peers by worker; each set is touched only on its worker's thread.
    std::vector<std::unordered_set<std::shared_ptr<rtmp_peer>>> peers_;
};

}  // namespace lal::server
