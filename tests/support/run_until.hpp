// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

namespace lal::test {

/// Runs `io` until `done()` holds or `limit` passes; true when `done()` held.
/// Waits on the event loop, never sleeps. For the adapter tests ([asio]).
inline bool run_until(asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        if (io.stopped()) io.restart();
        io.run_one_for(std::chrono::milliseconds(20));
    }
    return true;
}

/// Loopback address with the port of `ep` (an acceptor may listen on "any").
inline asio::ip::tcp::endpoint loopback(const asio::ip::tcp::endpoint& ep) {
    return {asio::ip::make_address("127.0.0.1"), ep.port()};
}

}  // namespace lal::test
