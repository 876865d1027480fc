// SPDX-License-Identifier: MIT
// The lal::quic part of the outside program: ngtcp2 and GnuTLS found through
// lal's config, and a router that drops a datagram that is no QUIC packet.
#include <string>
#include <variant>
#include <vector>

#include <lal/quic/router.hpp>

std::string quic_transport_summary() {
    lal::quic::router r;
    const std::vector<std::byte> garbage(8, std::byte{0x40});
    const bool dropped = std::holds_alternative<lal::quic::route::drop>(r.route(garbage));
    return "quic_router_dropped=" + std::to_string(dropped ? 1 : 0);
}
