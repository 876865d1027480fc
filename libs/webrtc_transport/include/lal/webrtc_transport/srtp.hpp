// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <system_error>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/webrtc_transport/dtls.hpp>

namespace lal::webrtc_transport {

/// SRTP and SRTCP (RFC 3711) with AES_CM_128_HMAC_SHA1_80 for one session:
/// outbound with the local role's keys, inbound with the peer's. libsrtp2
/// keeps the replay windows (RFC 3711 3.3.2). Not thread-safe.
class srtp_session {
public:
    /// Keys from DTLS; `local` is this side's DTLS role. Error: srtp_setup_failed.
    static lal::result<std::unique_ptr<srtp_session>> make(const srtp_keys& keys, dtls_role local);
    ~srtp_session();
    srtp_session(const srtp_session&) = delete;
    srtp_session& operator=(const srtp_session&) = delete;

    /// Encrypts and authenticates an RTP packet in place (adds a 10-byte tag).
    std::error_code protect_rtp(std::vector<std::byte>& packet);
    /// The same for a compound RTCP packet (adds the SRTCP index and tag).
    std::error_code protect_rtcp(std::vector<std::byte>& packet);
    /// Checks and decrypts an SRTP packet in place. Errors: srtp_auth_failed,
    /// srtp_replay, srtp_bad_packet; the packet is dropped, the session stays usable.
    std::error_code unprotect_rtp(std::vector<std::byte>& packet);
    /// The same for SRTCP.
    std::error_code unprotect_rtcp(std::vector<std::byte>& packet);

    struct impl;

private:
    explicit srtp_session(std::unique_ptr<impl> i);
    std::unique_ptr<impl> impl_;
};

}  // namespace lal::webrtc_transport
