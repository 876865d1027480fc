// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <lal/hub/session_directory.hpp>

namespace lal::server {

struct server_context;

/// Keeps the final counters of sessions that ended, by protocol and role, so
/// that the byte and frame counters of /metrics are totals since the start
/// (ended sessions plus the live ones). Told by the session directory.
class metrics_collector final : public lal::hub::session_listener {
public:
    /// Totals of the ended sessions of one protocol and role.
    struct totals {
        std::uint64_t started = 0;
        std::uint64_t ended = 0;
        std::uint64_t bytes_in = 0;
        std::uint64_t bytes_out = 0;
        std::uint64_t write_calls = 0;
        std::uint64_t frames_dropped = 0;
        std::uint64_t slow_closes = 0;
    };
    /// (protocol, base_type) -> totals.
    using table = std::map<std::pair<std::string, std::string>, totals>;

    void on_session_start(const lal::hub::session_info& info) override;
    void on_session_stop(const lal::hub::session_info& info) override;
    /// A copy of the totals so far.
    table snapshot() const;

private:
    mutable std::mutex mutex_;
    table totals_;
};

/// The server's metrics in the Prometheus text format, from the live sessions
/// (`live`, just gathered), the ended ones and the services' counters.
/// Per-stream series are written for at most `max_streams` streams, those with
/// the most players, so a server with many streams keeps a bounded output;
/// lal_streams_unlisted says how many were left out.
std::string render_metrics(const server_context& ctx, const metrics_collector& ended,
                           const std::vector<lal::hub::session_info>& live, std::size_t max_streams = 100);

}  // namespace lal::server
