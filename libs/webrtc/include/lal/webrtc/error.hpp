// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::webrtc {

/// Errors of lal::webrtc. An offer refused with one of these gets an HTTP 400
/// with the message; ICE errors drop one datagram and leave the responder usable.
enum class errc {
    not_an_offer = 1,          ///< the SDP does not parse (the lal::sdp error is logged by the caller)
    no_media,                  ///< no audio or video m= section
    too_many_media,            ///< more m= sections than answer_options allows
    not_secure,                ///< an m= section whose proto is not UDP/TLS/RTP/SAVPF (RFC 8829 5.1.2)
    missing_ice_credentials,   ///< no a=ice-ufrag / a=ice-pwd, or of a bad length (RFC 8839 5.4)
    missing_fingerprint,       ///< no a=fingerprint:sha-256 (RFC 8122 5)
    bad_setup,                 ///< a=setup:passive or holdconn: lal is always DTLS server (RFC 5763 5)
    no_rtcp_mux,               ///< an m= section without a=rtcp-mux (RFC 8858)
    no_bundle,                 ///< several sections but no a=group:BUNDLE of them all (RFC 8843)
    missing_mid,               ///< an m= section without a=mid (RFC 8843 9.1)
    wrong_direction,           ///< a section that cannot flow the way the request needs (play or publish)
    no_common_codec,           ///< no section has a codec both sides can use
    not_binding_request,       ///< ICE: a STUN message that is not a Binding request
    unauthorized,              ///< ICE: wrong USERNAME or MESSAGE-INTEGRITY (answered with 401)
    role_conflict,             ///< ICE: the peer is controlled too (answered with 487)
};

/// The category of lal::webrtc::errc ("lal.webrtc").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::webrtc::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::webrtc

template <>
struct std::is_error_code_enum<lal::webrtc::errc> : std::true_type {};
