// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <asio/ip/tcp.hpp>

#include <lal/base/result.hpp>

namespace lal::net {

/// Where to listen (or, for a relay target, where to connect): "host:port",
/// ":port" (all interfaces) or "[v6]:port". The host may be a name.
struct listen_address {
    std::string host;        ///< without brackets; empty means all interfaces
    std::uint16_t port = 0;  ///< 0 lets the system pick a free port
    /// Back to text: "host:port", ":port", "[v6]:port".
    std::string str() const;
};

/// Parses a listen address (syntax only, no name lookup). A bare port is not
/// accepted: write ":port". Errors are lal::net::errc values naming the fault
/// (missing_colon, bad_port, port_out_of_range, missing_bracket, bad_ipv6, ...).
lal::result<listen_address> parse_listen_address(std::string_view text);

/// The endpoint to bind: all IPv6 (and, where allowed, IPv4) interfaces for an
/// empty host, the literal address, or the first passive result of resolving a name.
lal::result<asio::ip::tcp::endpoint> resolve(const listen_address& address);

/// parse_listen_address(text), then resolve().
lal::result<asio::ip::tcp::endpoint> resolve_listen_address(std::string_view text);

}  // namespace lal::net
