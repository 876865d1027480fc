// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include <asio/ip/tcp.hpp>

#include "config.hpp"
#include "hub_types.hpp"
#include "wire_encoder.hpp"
#include "workers.hpp"
#include "write_merger.hpp"

namespace lal::server {

class hls_service;

/// What every protocol service of the server shares.
struct server_context {
    const config& cfg;
    lal::hub::registry& streams;
    /// The output forms registered with the hub, by index.
    const server_forms& forms;
    workers& loops;
    /// Each worker's gathering of player writes (rtmp.merge_write_ms).
    write_mergers& writes;
    /// Open client connections of all protocols (for limits.max_connections).
    std::atomic<std::uint32_t> connections{0};
    /// The HLS service when hls.enable (its routes are on the HTTP-FLV port).
    hls_service* hls = nullptr;

    /// Counts a new connection; false when the limit is reached (then not counted).
    bool admit_connection() {
        const auto limit = cfg.limits.max_connections;
        auto n = connections.load();
        do {
            if (limit != 0 && n >= limit) return false;
        } while (!connections.compare_exchange_weak(n, n + 1));
        return true;
    }
    /// Uncounts a connection admitted before.
    void release_connection() { connections.fetch_sub(1); }
};

/// "1.2.3.4:5678" (or "[::1]:5678") for logs.
inline std::string endpoint_text(const asio::ip::tcp::endpoint& e) {
    const auto a = e.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(e.port());
}

}  // namespace lal::server
