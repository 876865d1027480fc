// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

namespace lal::http_asio {

/// The first step of every client hop (the async client, the FLV pull client):
/// resolves a host, connects a socket to one of its addresses and sets
/// TCP_NODELAY, all before a deadline. Calls `done` once, on the socket's
/// executor: an empty code and the endpoint, the resolve or connect error, or
/// http::errc::timeout. The socket must outlive the attempt.
class connector : public std::enable_shared_from_this<connector> {
public:
    /// What the attempt ends with.
    using handler = std::function<void(std::error_code, const asio::ip::tcp::endpoint&)>;

    /// Starts connecting `socket` to host:port.
    static std::shared_ptr<connector> start(asio::ip::tcp::socket& socket, const std::string& host,
                                            std::uint16_t port, std::chrono::steady_clock::time_point deadline,
                                            handler done);
    /// Stops the attempt; `done` then comes with operation_aborted unless it already came.
    void cancel();

    /// Use start().
    connector(asio::ip::tcp::socket& socket, handler done);

private:
    void finish(std::error_code ec, const asio::ip::tcp::endpoint& ep = {});

    asio::ip::tcp::socket& socket_;
    asio::ip::tcp::resolver resolver_;
    asio::steady_timer timer_;
    handler done_;
};

}  // namespace lal::http_asio
