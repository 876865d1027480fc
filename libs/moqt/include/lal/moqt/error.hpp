// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <system_error>
#include <type_traits>

namespace lal::moqt {

/// Errors of lal::moqt. Codec functions report them for one unit; an error
/// returned by session::feed_* ends the MoQT session (close it with
/// termination_code(ec), draft-ietf-moq-transport-20 3.5). Other sessions
/// on the same server are unaffected.
enum class errc {
    truncated = 1,         ///< a whole unit ends inside a field
    bad_length,            ///< message Length disagrees with its body (draft-20 10)
    unknown_message,       ///< message type not defined or not allowed on this stream
    bad_message,           ///< a field value is out of range
    unknown_parameter,     ///< message parameter this draft does not define (draft-20 10.2)
    duplicate_parameter,   ///< parameter repeated where it may not be (draft-20 10.2)
    bad_key_value,         ///< Key-Value-Pair value does not match its type (draft-20 1.4.3)
    bad_namespace,         ///< empty field, more than 32 fields or a name over 4096 bytes (draft-20 2.4.1)
    invalid_request_id,    ///< wrong parity or a repeated Request ID (draft-20 10.1)
    unknown_stream_type,   ///< unidirectional stream of an unknown type (draft-20 3.4)
    bad_object,            ///< invalid object header flags or fields (draft-20 11)
    limit_exceeded,        ///< more requests, bytes or objects than the limits allow
    bad_state,             ///< the caller used the session in the wrong state (a bug)
};

/// The category of lal::moqt::errc ("lal.moqt").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::moqt::category().
std::error_code make_error_code(errc e) noexcept;

/// The session termination code (draft-20 3.5) to close with after `ec`.
std::uint64_t termination_code(std::error_code ec) noexcept;

}  // namespace lal::moqt

template <>
struct std::is_error_code_enum<lal::moqt::errc> : std::true_type {};
