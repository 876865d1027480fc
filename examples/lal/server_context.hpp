// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <asio/ip/tcp.hpp>

#include <lal/hub/session_directory.hpp>

#include "config.hpp"
#include "control_events.hpp"
#include "hub_types.hpp"
#include "wire_encoder.hpp"
#include "workers.hpp"
#include "write_merger.hpp"

namespace lal::server {

class cluster_service;
class hls_service;
class ip_acl;
class record_service;
class relay_service;
class rtc_service;
class service;
struct hls_file_counters;
struct hook_counters;
struct notify_counters;

/// What every protocol service of the server shares.
struct server_context {
    const config& cfg;
    lal::hub::registry& streams;
    /// The output forms registered with the hub, by index.
    const server_forms& forms;
    workers& loops;
    /// Each worker's gathering of player writes (rtmp.merge_write_ms).
    write_mergers& writes;
    /// Every publisher, player and pull, for the HTTP API, notify and metrics.
    lal::hub::session_directory& sessions;
    /// The relay service when one runs (the API starts and stops pulls through it).
    relay_service* relay = nullptr;
    /// The cluster service when cluster.enable (the relay pull looks streams up through it).
    cluster_service* cluster = nullptr;
    /// Where services report events other than sessions (notify); may be null.
    control_events* events = nullptr;
    /// Every service, in start order (metrics); set once they are built.
    std::vector<const service*> services{};
    /// The hooks' and the notifications' counters when those run (metrics).
    const hook_counters* hooks = nullptr;
    const notify_counters* notify = nullptr;
    /// The HLS file writer's counters when HLS files are written (metrics).
    const hls_file_counters* hls_files = nullptr;
    /// When the server started (ms since the Unix epoch).
    std::int64_t start_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
    /// Open client connections of all protocols (for limits.max_connections).
    std::atomic<std::uint32_t> connections{0};
    /// The IP access lists and blacklist when they run (the API's add_ip_blacklist adds to them).
    ip_acl* acl = nullptr;
    /// The HLS service when hls.enable (its routes are on the HTTP-FLV port).
    hls_service* hls = nullptr;
    /// The WebRTC service when rtc.enable (its WHEP/WHIP routes are on the HTTP-FLV port).
    rtc_service* rtc = nullptr;
    /// The recordings when record is on or the HTTP API runs (start_record, stop_record).
    record_service* record = nullptr;

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
