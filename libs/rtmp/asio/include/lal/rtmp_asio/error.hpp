// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::rtmp_asio {

/// Errors of the RTMP Asio adapter: bad URLs and the adapter's own timeouts.
/// Socket errors arrive as asio/system error codes, protocol errors as
/// lal::rtmp::errc, an overrun close as lal::net::errc::close_timeout.
enum class errc {
    bad_scheme = 1,     ///< the URL does not start with rtmp://
    bad_host,           ///< the URL has no host, or a malformed [IPv6] literal
    bad_port,           ///< the port is not a number in 1..65535
    missing_app,        ///< the URL path has no app
    missing_stream,     ///< the URL path has no stream name
    handshake_timeout,  ///< server: no handshake and decided connect within handshake_timeout
    idle_timeout,       ///< nothing received from the peer for idle_timeout
    connect_timeout,    ///< client: no TCP connection, handshake or publish/play start in time
};

/// The category of lal::rtmp_asio::errc ("lal.rtmp_asio").
const std::error_category& category() noexcept;

/// Wraps an errc in a std::error_code.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::rtmp_asio

template <>
struct std::is_error_code_enum<lal::rtmp_asio::errc> : std::true_type {};
