// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::rtmp {

/// Errors of the RTMP core. Every one of them leaves the object that reported
/// it dead (close the connection), except where a session documents otherwise.
enum class errc {
    bad_version = 1,         ///< C0/S0 is not 3 (RTMP spec 5.2.2)
    bad_digest,              ///< client: S1 claims a digest handshake but has no valid digest
    missing_chunk_header,    ///< fmt 2/3 chunk on a chunk stream never started (spec 5.3.1.2)
    message_too_large,       ///< message length over decoder_limits::max_message_size
    chunk_size_too_large,    ///< Set Chunk Size over decoder_limits::max_chunk_size
    bad_chunk_size,          ///< Set Chunk Size of 0 or with the reserved top bit set (spec 5.4.1)
    too_many_chunk_streams,  ///< more chunk stream ids than decoder_limits::max_chunk_streams
    bad_control_message,     ///< protocol or user control body too short (spec 5.4, 6.2)
    bad_aggregate,           ///< aggregate sub-message runs past the body (spec 7.1.6)
    bad_command,             ///< command or data message that is not AMF0 or has no name (spec 7.1.1)
    unexpected_message,      ///< a message that makes no sense in the session's state
    connect_rejected,        ///< client: the server answered connect with _error
    publish_rejected,        ///< client: the server refused publish (e.g. NetStream.Publish.BadName)
    play_rejected,           ///< client: the server refused play (e.g. NetStream.Play.StreamNotFound)
    command_failed,          ///< client: the server answered another command with _error
};

/// The category of lal::rtmp::errc ("lal.rtmp").
const std::error_category& category() noexcept;

/// Wraps an errc in a std::error_code.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::rtmp

template <>
struct std::is_error_code_enum<lal::rtmp::errc> : std::true_type {};
