// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <lal/net/acceptor.hpp>

#include "rtsp_udp.hpp"
#include "service.hpp"
#include "tls_setup.hpp"

namespace lal::server {

class rtsp_peer;

/// RTSP 1.0 (RFC 2326) on the hub, as lal-Go serves it on rtsp.addr:
/// ANNOUNCE/SETUP/RECORD publishes rtsp://host:port/<app>/<stream> into the
/// hub, DESCRIBE/SETUP/PLAY plays any hub stream whatever its input (SDP from
/// the stream's track configurations, frames in the hub's RTP form, cut once
/// per frame). RTP over TCP (interleaved) or UDP (port pairs from
/// rtsp.udp_port_min/max); one lal::rtsp::server_session per connection.
/// `secure`: the RTSPS listener (rtsp.rtsps_addr), TLS before the first
/// request, RTP interleaved only (a UDP SETUP is refused with 461).
class rtsp_service final : public service {
public:
    explicit rtsp_service(server_context& ctx, bool secure = false);
    ~rtsp_service() override;

    std::string_view name() const noexcept override { return secure_ ? "rtsps" : "rtsp"; }

    /// Binds rtsp.addr (rtsp.rtsps_addr), or fails naming the TLS file that did not load.
    std::string listen() override;
    /// Starts accepting.
    void start() override;
    /// Stops accepting and closes every session (each on its own worker).
    void stop(bool abort) override;

private:
    friend class rtsp_peer;
    void on_connection(asio::ip::tcp::socket socket, std::size_t worker);

    server_context& ctx_;
    bool secure_;
    server_tls tls_;
    net::acceptor acceptor_;
    udp_port_pool ports_;
    // Peers by worker; each set is touched only on its worker's thread.
    std::vector<std::unordered_set<std::shared_ptr<rtsp_peer>>> peers_;
};

}  // namespace lal::server
