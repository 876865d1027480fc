// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/hub/session_directory.hpp>
#include <lal/net/connection_stats.hpp>

#include "hub_types.hpp"

namespace lal::server {

/// Copies a connection's counters into a session's description.
inline void describe_connection(lal::hub::session_info& info, const net::connection_stats& st) {
    info.read_bytes = st.bytes_read;
    info.wrote_bytes = st.bytes_written;
    info.write_calls = st.write_calls;
}

/// What a player's description adds: frames dropped because it fell behind
/// (kept once its subscription is gone) and whether the hub closed it for that.
struct player_record {
    bool slow_closed = false;
    std::uint64_t dropped = 0;

    /// Reads the subscription's counters (if any) and fills `info`.
    void describe_into(lal::hub::session_info& info, subscription* sub) {
        if (sub) dropped = sub->state().stats().frames_dropped;
        info.frames_dropped = dropped;
        info.slow_closed = slow_closed;
    }
};

}  // namespace lal::server
