// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <system_error>
#include <type_traits>

namespace lal::h3 {

/// Errors of lal::h3. A codec error drops one unit; an error returned by
/// wt_session::feed is fatal to the HTTP/3 connection (close it with
/// application_error_code(ec)). Errors on one WebTransport stream reset that
/// stream only and are not returned.
enum class errc {
    truncated = 1,           ///< a whole unit (datagram, payload) ends inside a field
    frame_too_large,         ///< frame length above the configured limit
    bad_frame,               ///< frame payload does not match its type (RFC 9114 7.1)
    frame_unexpected,        ///< frame not allowed here (RFC 9114 7.2, e.g. DATA before HEADERS)
    settings_error,          ///< duplicate or HTTP/2 setting (RFC 9114 7.2.4.1)
    missing_settings,        ///< control stream does not begin with SETTINGS (RFC 9114 6.2.1)
    stream_creation_error,   ///< second control stream or a client push stream (RFC 9114 6.2)
    closed_critical_stream,  ///< the peer closed its control stream (RFC 9114 6.2.1)
    qpack_failed,            ///< field section does not decode (RFC 9204 2.2)
    field_section_too_large, ///< decoded fields exceed the limit (RFC 9114 4.2.2)
    bad_request,             ///< malformed request or extended CONNECT (RFC 9114 4.1.2, RFC 9220 3)
    buffer_limit,            ///< a peer made us buffer or track more than the limits allow
    bad_state,               ///< the caller used the session in the wrong state (a bug)
    no_webtransport,         ///< the server's SETTINGS do not offer WebTransport (client side)
};

/// The category of lal::h3::errc ("lal.h3").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::h3::category().
std::error_code make_error_code(errc e) noexcept;

/// The HTTP/3 application error code (RFC 9114 8.1, RFC 9204 6) to close
/// the connection with after `ec`; H3_INTERNAL_ERROR for foreign errors.
std::uint64_t application_error_code(std::error_code ec) noexcept;

}  // namespace lal::h3

template <>
struct std::is_error_code_enum<lal::h3::errc> : std::true_type {};
