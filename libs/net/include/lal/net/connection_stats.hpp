// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <system_error>

#include <asio/ip/tcp.hpp>

namespace lal::net {

/// What a connection did so far, for the log line at its end.
struct connection_stats {
    asio::ip::tcp::endpoint remote;          ///< the peer (unspecified if unknown)
    std::uint64_t bytes_read = 0;            ///< every byte received (an RTMP handshake included)
    std::uint64_t bytes_written = 0;         ///< every byte the socket accepted
    std::uint64_t write_calls = 0;           ///< sendmsg calls: bytes per call shows how well writes gather
    std::chrono::steady_clock::duration duration{};  ///< from start to close (or to now)
};

/// The handler a server connection of an adapter calls once after its socket
/// closed: the connection, why it closed, and what it did.
template <class Connection>
using closed_handler =
    std::function<void(const std::shared_ptr<Connection>&, std::error_code reason, const connection_stats&)>;

}  // namespace lal::net
