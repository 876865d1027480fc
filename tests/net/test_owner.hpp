// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/ip/tcp.hpp>

#include <lal/net/socket_io.hpp>

namespace lal::test {

/// The clock socket_io times with.
using clock_type = std::chrono::steady_clock;

/// A socket_owner that records what socket_io tells it and queues what the test gives it.
class test_owner final : public lal::net::socket_owner, public std::enable_shared_from_this<test_owner> {
public:
    test_owner(asio::ip::tcp::socket s, lal::net::socket_settings settings) : io(*this, std::move(s), settings) {}

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }
    void on_input(std::span<const std::byte> bytes) override {
        input.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    bool input_paused() const override { return paused; }
    void collect_output(lal::net::send_queue& queue) override {
        for (auto& p : pending) queue.push(std::move(p));
        pending.clear();
    }
    clock_type::time_point deadline() const override { return deadline_at; }
    void on_deadline() override {
        ++deadlines;
        deadline_at = clock_type::time_point::max();
    }
    void on_drained() override { ++drained; }
    void on_closed(std::error_code reason) override { closed = reason; }

    lal::net::socket_io io;
    std::string input;
    std::vector<lal::payload> pending;
    bool paused = false;
    clock_type::time_point deadline_at = clock_type::time_point::max();
    int deadlines = 0;
    int drained = 0;
    std::optional<std::error_code> closed;
};

inline lal::payload text(const std::string& s) { return lal::payload::copy_from(std::string_view(s)); }

/// A long text with a varying pattern, so lost or reordered bytes show.
inline std::string pattern(std::size_t n) {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    return out;
}

/// Reads what `peer` has now, without blocking; sets `eof` at the end of the stream.
inline void read_available(asio::ip::tcp::socket& peer, std::string& into, bool& eof) {
    peer.non_blocking(true);
    char buf[65536];
    for (;;) {
        std::error_code ec;
        auto n = peer.read_some(asio::buffer(buf), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) return;
        if (ec) {
            eof = true;
            return;
        }
        into.append(buf, n);
    }
}

}  // namespace lal::test
