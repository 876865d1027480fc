// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::net {

/// Errors of lal::net: a malformed listen address, address or CIDR block, the close and TLS handshake deadlines.
/// Socket and resolver errors arrive as asio/system error codes.
enum class errc {
    empty_address = 1,    ///< the address is empty
    missing_colon,        ///< no ':' before the port ("1935" is not accepted: use ":1935")
    empty_port,           ///< nothing after the ':'
    bad_port,             ///< the port is not made of decimal digits
    port_out_of_range,    ///< the port is above 65535
    missing_bracket,      ///< '[' without its ']', or ']' without its '['
    missing_colon_after_bracket,  ///< "[v6]" not followed by ':'
    empty_host,           ///< "[]:port"
    bad_ipv6,             ///< the text between brackets is not an IPv6 address
    ipv6_needs_brackets,  ///< an IPv6 address without brackets ("::1:80")
    close_timeout,        ///< queued bytes or the peer's FIN did not come before the close timeout
    bad_ip_address,       ///< not a dotted quad or IPv6 text (ip_prefix.hpp)
    bad_prefix_length,    ///< a CIDR length that is not 0..32 (IPv4) or 0..128 (IPv6)
    prefix_host_bits,     ///< a CIDR block with bits set after its length ("10.0.0.1/8")
    tls_handshake_timeout,  ///< the TLS handshake did not complete before socket_settings::tls_handshake_timeout
};

/// The category of lal::net::errc ("lal.net").
const std::error_category& category() noexcept;

/// Wraps an errc in a std::error_code.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::net

template <>
struct std::is_error_code_enum<lal::net::errc> : std::true_type {};
