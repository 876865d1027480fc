// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <lal/http_asio/acceptor.hpp>

#include "run_until.hpp"

namespace lal::test {

/// A plain TCP client on the test's io_context that records what it receives.
struct tcp_peer {
    explicit tcp_peer(asio::io_context& io) : socket(io) {}

    /// Connects and starts reading until EOF.
    void connect(const asio::ip::tcp::endpoint& at) {
        socket.async_connect(loopback(at), [this](std::error_code ec) {
            connect_error = ec;
            connected = true;
            if (!ec) read_all();
        });
    }
    void send(std::string text) {
        auto data = std::make_shared<std::string>(std::move(text));
        asio::async_write(socket, asio::buffer(*data), [data](std::error_code, std::size_t) {});
    }
    void read_all() {
        socket.async_read_some(asio::buffer(buffer), [this](std::error_code ec, std::size_t n) {
            received.append(buffer, n);
            if (ec) {
                closed = true;
                read_error = ec;
                return;
            }
            read_all();
        });
    }

    asio::ip::tcp::socket socket;
    bool connected = false;
    bool closed = false;
    std::error_code connect_error;
    std::error_code read_error;
    std::string received;
    char buffer[16384];
};

/// A server on 127.0.0.1:0 dispatching through `routes`; records closes.
struct route_server {
    route_server(asio::io_context& io, std::shared_ptr<const http_asio::router> r,
                 http_asio::server_options options = {})
        : acc(io, std::move(options)), routes(std::move(r)) {
        auto ep = acc.listen("127.0.0.1:0");
        if (ep) endpoint = *ep;
        acc.start([this](std::shared_ptr<http_asio::server_connection> conn, std::size_t) {
            connections.push_back(conn);
            conn->start(routes, [this](const auto&, std::error_code reason, const http_asio::connection_stats&) {
                closes.push_back(reason);
            });
        });
    }
    http_asio::acceptor acc;
    std::shared_ptr<const http_asio::router> routes;
    asio::ip::tcp::endpoint endpoint;
    std::vector<std::shared_ptr<http_asio::server_connection>> connections;
    std::vector<std::error_code> closes;
};

}  // namespace lal::test
