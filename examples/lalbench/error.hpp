// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lalbench {

/// Why a lalbench connection failed, beyond socket errors and the lal libraries' own codes.
enum class errc {
    missing_chunk_header = 1,  ///< RTMP chunk of type 2/3 on a chunk stream never started (RTMP spec 5.3.1.2)
    too_many_chunk_streams,    ///< the server used more chunk stream ids than the scanner keeps
    message_too_large,         ///< a control or command message over the size kept in memory
    bad_chunk_size,            ///< Set Chunk Size of 0, with the reserved bit, or over the limit (spec 5.4.1)
    bad_flv_header,            ///< HTTP-FLV body does not start with an FLV header (FLV spec E.2)
    bad_flv_tag,               ///< FLV tag of an unknown type, or a PreviousTagSize that does not match (E.3)
    bad_http_response,         ///< response head too long or not HTTP
    http_status,               ///< the server answered with a status other than 200
    connect_rejected,          ///< connect answered with _error
    play_failed,               ///< play answered with an error status (e.g. NetStream.Play.StreamNotFound)
    connect_timeout,           ///< no play start (or publish start) within the connect timeout
    idle_timeout,              ///< no bytes from the server for the idle timeout while playing
    closed_by_server,          ///< the server closed the connection before the run ended
};

/// The category of errc ("lalbench").
const std::error_category& category() noexcept;

/// Wraps an errc in a std::error_code.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lalbench

template <>
struct std::is_error_code_enum<lalbench::errc> : std::true_type {};
