// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <utility>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "run_until.hpp"

namespace lal::test {

/// A connected loopback TCP pair on `io`: first the accepted side, then the
/// client, whose receive buffer is set to `client_rcvbuf` bytes (0: the system's)
/// before it connects, so the window it offers is small from the start.
inline std::pair<asio::ip::tcp::socket, asio::ip::tcp::socket> tcp_pair(asio::io_context& io, int client_rcvbuf = 0) {
    asio::ip::tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket client(io);
    client.open(asio::ip::tcp::v4());
    if (client_rcvbuf > 0) client.set_option(asio::socket_base::receive_buffer_size(client_rcvbuf));
    client.connect(listener.local_endpoint());  // completes in the backlog, before accept
    asio::ip::tcp::socket server(io);
    listener.accept(server);
    return {std::move(server), std::move(client)};
}

}  // namespace lal::test
