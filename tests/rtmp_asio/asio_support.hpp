// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <lal/base/bytes.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/message.hpp>
#include <lal/rtmp_asio/acceptor.hpp>

#include "run_until.hpp"

namespace lal::test {

/// An RTMP server on 127.0.0.1:0 that records its connections and their ends;
/// `handlers` is given to each connection (on_closed is wrapped to record).
struct test_server {
    test_server(asio::io_context& io, lal::rtmp_asio::server_options options,
                lal::rtmp_asio::server_handlers handlers = {})
        : acc(io, std::move(options)) {
        auto ep = acc.listen("127.0.0.1:0");
        REQUIRE(ep);
        endpoint = loopback(*ep);
        acc.start([this, handlers](std::shared_ptr<lal::rtmp_asio::server_connection> conn, std::size_t) {
            connections.push_back(conn);
            auto h = handlers;
            auto user_closed = h.on_closed;
            h.on_closed = [this, user_closed](const auto& c, std::error_code reason,
                                              const lal::rtmp_asio::connection_stats& stats) {
                closes.push_back(reason);
                last_stats = stats;
                if (user_closed) user_closed(c, reason, stats);
            };
            conn->start(std::move(h));
        });
    }
    std::string url(const std::string& path) const {
        return "rtmp://127.0.0.1:" + std::to_string(endpoint.port()) + "/" + path;
    }

    lal::rtmp_asio::acceptor acc;
    asio::ip::tcp::endpoint endpoint;
    std::vector<std::shared_ptr<lal::rtmp_asio::server_connection>> connections;
    std::vector<std::error_code> closes;
    lal::rtmp_asio::connection_stats last_stats;
};

/// A hand-driven RTMP client on a raw socket: it does the plain handshake with
/// lal::rtmp::client_handshake, then sends whatever bytes a test scripts, and
/// reads only when told to (so a test can play a peer that stops reading).
struct scripted_client {
    explicit scripted_client(asio::io_context& io)
        : socket(io), handshake(random(), 1, lal::rtmp::handshake_mode::plain) {}

    static std::span<const std::byte> random() {
        static const std::vector<std::byte> bytes = [] {
            std::vector<std::byte> b(lal::rtmp::handshake_size);
            for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::byte>(i * 7 + 3);
            return b;
        }();
        return bytes;
    }

    void connect(const asio::ip::tcp::endpoint& at) {
        socket.async_connect(at, [this](std::error_code ec) {
            connect_error = ec;
            connected = true;
        });
    }
    void send(std::vector<std::byte> bytes) {
        auto data = std::make_shared<std::vector<std::byte>>(std::move(bytes));
        asio::async_write(socket, asio::buffer(*data), [this, data](std::error_code ec, std::size_t) {
            if (ec) write_error = ec;
        });
    }
    void send_text(const std::string& text) {
        auto s = lal::as_byte_span(text);
        send(std::vector<std::byte>(s.begin(), s.end()));
    }
    /// Sends C0+C1, reads S0+S1+S2, then sends C2 followed by `after` in one write.
    void start_handshake(std::vector<std::byte> after = {}) {
        after_handshake = std::move(after);
        send(handshake.take_output());
        read_handshake();
    }
    /// Reads (and keeps) everything until EOF or an error.
    void read_all() {
        socket.async_read_some(asio::buffer(buffer), [this](std::error_code ec, std::size_t n) {
            received.insert(received.end(), buffer, buffer + n);
            if (ec) {
                closed = true;
                read_error = ec;
                return;
            }
            read_all();
        });
    }
    /// Encodes a message as the peer of a server at chunk size 128 would.
    void queue_message(const lal::rtmp::message& msg, std::vector<std::byte>& out) { encoder.encode(msg, out); }

    asio::ip::tcp::socket socket;
    lal::rtmp::client_handshake handshake;
    lal::rtmp::chunk_encoder encoder;
    bool connected = false;
    bool handshake_done = false;
    bool closed = false;
    std::error_code connect_error, read_error, write_error;
    std::vector<std::byte> received;
    std::vector<std::byte> after_handshake;
    std::byte buffer[16384];

private:
    void read_handshake() {
        socket.async_read_some(asio::buffer(buffer), [this](std::error_code ec, std::size_t n) {
            if (ec) {
                closed = true;
                read_error = ec;
                return;
            }
            auto used = handshake.feed(std::span<const std::byte>(buffer, n));
            REQUIRE(used);
            if (!handshake.done()) {
                read_handshake();
                return;
            }
            handshake_done = true;
            auto c2 = handshake.take_output();
            c2.insert(c2.end(), after_handshake.begin(), after_handshake.end());
            send(std::move(c2));
        });
    }
};

}  // namespace lal::test
