// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::rtsp_asio {

/// Errors of the RTSP Asio adapter: bad URLs, UDP ports and the adapter's own
/// timeouts. Socket errors arrive as asio/system codes, protocol errors and
/// refusals as lal::rtsp::errc.
enum class errc {
    bad_scheme = 1,   ///< the URL does not start with rtsp://
    bad_host,         ///< the URL has no host, or a malformed [IPv6] literal
    bad_port,         ///< the port is not a number in 1..65535
    bad_user,         ///< user:password@ with a '%' not followed by two hex digits (RFC 3986 2.1)
    no_udp_ports,     ///< no free RTP/RTCP port pair could be bound (RFC 3550 11: even RTP port, RTCP the next)
    connect_timeout,  ///< no TCP connection or no answer to PLAY in time
    read_timeout,     ///< the server sent no media for read_timeout
    closed,           ///< the server closed the connection
};

/// The category of lal::rtsp_asio::errc ("lal.rtsp_asio").
const std::error_category& category() noexcept;

/// Wraps an errc in a std::error_code.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::rtsp_asio

template <>
struct std::is_error_code_enum<lal::rtsp_asio::errc> : std::true_type {};
