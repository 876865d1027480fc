// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <system_error>

#include <asio/any_io_executor.hpp>
#include <asio/ip/udp.hpp>

namespace lal::rtsp_asio {

/// The two UDP sockets of one RTP track: RTP on an even port, RTCP on the
/// next one (RFC 3550 11, RFC 2326 12.39 client_port).
struct udp_pair {
    asio::ip::udp::socket rtp;
    asio::ip::udp::socket rtcp;
    /// The RTP port (RTCP is one above).
    std::uint16_t port() const;
};

/// Opens and binds a free even/odd port pair on `address` (any port the
/// system hands out). Errors: errc::no_udp_ports after `attempts` tries.
std::error_code bind_udp_pair(udp_pair& pair, const asio::ip::address& address, int attempts = 32);

}  // namespace lal::rtsp_asio
