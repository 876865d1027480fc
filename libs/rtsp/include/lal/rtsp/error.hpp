// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::rtsp {

/// Errors of lal::rtsp. A reader or session that returned one is dead: close the connection.
enum class errc {
    line_too_long = 1,       ///< a start or header line longer than reader_limits::max_line
    too_many_headers,        ///< more header lines than reader_limits::max_headers
    bad_start_line,          ///< not "<method> <uri> RTSP/1.0" nor "RTSP/1.0 <code> <reason>" (RFC 2326 6.1, 7.1)
    bad_header,              ///< a header line without a colon or with an empty name (RFC 2326 4.2)
    bad_content_length,      ///< Content-Length not a decimal number (RFC 2326 12.14)
    body_too_large,          ///< Content-Length above reader_limits::max_body
    bad_interleaved_channel, ///< '$' frame on a channel above reader_limits::max_channel (RFC 2326 10.12)
    bad_interleaved_length,  ///< '$' frame shorter than an RTCP header or longer than max_frame
    bad_transport,           ///< a Transport header that does not parse (RFC 2326 12.39)
    bad_session,             ///< a Session header that does not parse (RFC 2326 12.37)
    bad_auth,                ///< a WWW-Authenticate or Authorization header that does not parse (RFC 7616 3.3, 3.4)
    unauthorized,            ///< credentials missing or wrong
    unexpected_message,      ///< a message the session state does not allow
    bad_status,              ///< the peer answered with an error status
    bad_sdp,                 ///< a DESCRIBE or ANNOUNCE body that lal::sdp cannot use
};

/// The category of lal::rtsp::errc ("lal.rtsp").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::rtsp::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::rtsp

template <>
struct std::is_error_code_enum<lal::rtsp::errc> : std::true_type {};
