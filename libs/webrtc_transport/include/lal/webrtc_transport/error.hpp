// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::webrtc_transport {

/// Errors of lal::webrtc_transport. A DTLS error ends the session; an SRTP
/// error drops one packet and leaves the session usable.
enum class errc {
    certificate_failed = 1,  ///< the self-signed certificate could not be made
    dtls_failed,             ///< the handshake failed or the peer sent a fatal alert
    fingerprint_mismatch,    ///< the peer's certificate is not the one its SDP named (RFC 8122 5)
    no_srtp_profile,         ///< the peer agreed no SRTP protection profile (RFC 5764 4.1.2)
    dtls_closed,             ///< the peer sent close_notify
    srtp_setup_failed,       ///< libsrtp refused the keys
    srtp_auth_failed,        ///< a packet's authentication tag is wrong (RFC 3711 3.3)
    srtp_replay,             ///< a packet was already received or is too old (RFC 3711 3.3.2)
    srtp_bad_packet,         ///< a packet too short or malformed for SRTP
};

/// The category of lal::webrtc_transport::errc ("lal.webrtc_transport").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::webrtc_transport::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::webrtc_transport

template <>
struct std::is_error_code_enum<lal::webrtc_transport::errc> : std::true_type {};
