// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <system_error>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include "run_until.hpp"

namespace lal::test {

/// A plain TCP client on the test's io_context that records what it receives.
struct raw_client {
    explicit raw_client(asio::io_context& io) : socket(io) {}

    void connect(const asio::ip::tcp::endpoint& at) {
        socket.async_connect(at, [this](std::error_code ec) {
            connect_error = ec;
            connected = true;
        });
    }
    /// Connects, then reads until EOF.
    void connect_and_read(const asio::ip::tcp::endpoint& at) {
        socket.async_connect(at, [this](std::error_code ec) {
            connect_error = ec;
            connected = true;
            if (!ec) read_all();
        });
    }
    void send(std::string text) {
        auto data = std::make_shared<std::string>(std::move(text));
        asio::async_write(socket, asio::buffer(*data), [data](std::error_code, std::size_t) {});
    }
    /// Reads until EOF or an error, appending to `received`.
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

}  // namespace lal::test
