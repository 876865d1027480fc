// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/http_asio/acceptor.hpp>

#include "raw_client.hpp"
#include "run_until.hpp"

namespace lal::test {

/// The plain TCP peer of these tests (connect_and_read(), send(), received).
using tcp_peer = raw_client;

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
