// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/quic/connection.hpp>

namespace lal::quic {

/// Bounds of a router.
struct router_options {
    std::size_t max_connections = 1000;  ///< new Initials beyond this are dropped
    std::size_t short_dcid_size = 16;    ///< length of the connection IDs our connections issue
};

/// What the router did with datagrams, for the API and the logs.
struct router_stats {
    std::uint64_t accepted = 0;              ///< Initials handed out as new connections
    std::uint64_t version_negotiations = 0;  ///< Version Negotiation packets built (RFC 9000 6)
    std::uint64_t dropped_garbage = 0;       ///< not a QUIC packet we can parse
    std::uint64_t dropped_unknown_id = 0;    ///< a connection ID nobody owns (and not a new Initial)
    std::uint64_t dropped_full = 0;          ///< a new Initial while at max_connections
};

/// The outcomes of router::route.
namespace route {
/// The datagram belongs to the connection with this handle.
struct existing {
    std::uint64_t handle = 0;
};
/// An acceptable client Initial (RFC 9000 17.2.2): start a connection with
/// connection::accept, then add() its IDs.
struct new_connection {};
/// An unsupported version: send `packet` back to the sender (RFC 9000 6.1).
struct version_negotiation {
    std::vector<std::byte> packet;
};
/// Drop the datagram (counted in stats()).
struct drop {};
}  // namespace route

/// One outcome of router::route.
using route_result = std::variant<route::existing, route::new_connection, route::version_negotiation, route::drop>;

/// Routes the datagrams of one UDP socket to connections by Destination
/// Connection ID (RFC 9000 5.2). Holds handles only, never connections.
/// Not thread-safe: the socket layer serializes calls.
class router {
public:
    /// A router with these bounds.
    explicit router(router_options options = {});

    /// Classifies one UDP payload; never keeps a reference to it.
    route_result route(byte_span datagram);
    /// `handle` now answers to `id`.
    void add(const connection_id& id, std::uint64_t handle);
    /// `id` is retired.
    void remove(const connection_id& id);
    /// Forgets every ID of `handle` (the connection is done).
    void remove_all(std::uint64_t handle);
    /// Connections known.
    std::size_t connections() const noexcept { return by_handle_.size(); }
    /// Counters.
    const router_stats& stats() const noexcept { return stats_; }

private:
    router_options options_;
    std::map<connection_id, std::uint64_t> by_id_;
    std::map<std::uint64_t, std::set<connection_id>> by_handle_;
    router_stats stats_;
};

}  // namespace lal::quic
