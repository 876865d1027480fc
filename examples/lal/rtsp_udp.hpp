// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <lal/base/payload.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

namespace lal::server {

/// A bound RTP/RTCP socket pair: RTP on an even port, RTCP on the next (RFC 3550 11).
struct udp_port_pair {
    asio::ip::udp::socket rtp;
    asio::ip::udp::socket rtcp;
    std::uint16_t rtp_port = 0;
};

/// Hands out RTP/RTCP port pairs from [min, max] (rtsp.udp_port_min/max) for
/// RTSP over UDP. A pair is whatever the system lets both sockets bind, so
/// ports other programs hold are skipped; a cursor moves on round robin so a
/// port just given back is not reused at once. Thread-safe.
class udp_port_pool {
public:
    /// Ports `min` to `max` (the first pair starts at the first even port).
    udp_port_pool(std::uint16_t min, std::uint16_t max) noexcept;
    /// Two sockets bound on `address`, non-blocking, on `context`; nullopt when
    /// every pair of the range is taken.
    std::optional<udp_port_pair> bind(asio::io_context& context, const asio::ip::address& address);

private:
    std::uint16_t first_;  // even
    std::uint32_t pairs_;
    std::atomic<std::uint32_t> cursor_{0};
};

/// The UDP side of one track of an RTSP session (RFC 2326 12.39 client_port /
/// server_port): the server's RTP/RTCP sockets and the client's ports.
/// Datagrams are read only from the client's address. Lives on one worker.
class udp_track_link {
public:
    /// A datagram from the client: RTCP or RTP, its bytes (valid during the call only).
    using datagram_handler = std::function<void(bool rtcp, std::span<const std::byte> bytes)>;

    /// Sends to `client` (the RTSP peer's address) on ports `client_rtp` and `client_rtcp`.
    udp_track_link(udp_port_pair pair, const asio::ip::address& client, std::uint16_t client_rtp,
                   std::uint16_t client_rtcp);
    /// Reads both sockets until close(); `keep` stays referenced while a read waits.
    void start(std::shared_ptr<void> keep, datagram_handler on_datagram);
    /// One RTP packet: the 12-byte header, then the shared pieces (dropped when the socket is full).
    std::size_t send_rtp(std::span<const std::byte> header, const std::vector<lal::payload>& pieces);
    /// One compound RTCP packet.
    std::size_t send_rtcp(std::span<const std::byte> compound);
    /// Closes both sockets; pending reads end.
    void close();
    /// The server's RTP port (RTCP is the next).
    std::uint16_t port() const noexcept { return port_; }

private:
    void wait(asio::ip::udp::socket& s, bool rtcp, std::shared_ptr<void> keep);

    asio::ip::udp::socket rtp_;
    asio::ip::udp::socket rtcp_;
    std::uint16_t port_;
    asio::ip::udp::endpoint client_rtp_;
    asio::ip::udp::endpoint client_rtcp_;
    datagram_handler on_datagram_;
};

}  // namespace lal::server
