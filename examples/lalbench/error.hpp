// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lalbench {

/// Why a lalbench connection failed, beyond socket errors and the lal libraries' own codes.
/// Chunk stream and FLV errors come from lal::rtmp and lal::flv.
enum class errc {
    bad_http_response = 1,     ///< response head too long or not HTTP
    http_status,               ///< the server answered with a status other than 200
    connect_rejected,          ///< connect answered with _error
    play_failed,               ///< play answered with an error status (e.g. NetStream.Play.StreamNotFound)
    connect_timeout,           ///< no play start (or publish start) within the connect timeout
    idle_timeout,              ///< no bytes from the server for the idle timeout while playing
    closed_by_server,          ///< the server closed the connection before the run ended
    connect_failed,            ///< the transport could not be set up (an SRT socket, its epoll, or the connect)
};

/// The category of errc ("lalbench").
const std::error_category& category() noexcept;

/// Wraps an errc in a std::error_code.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lalbench

template <>
struct std::is_error_code_enum<lalbench::errc> : std::true_type {};
