// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::quic {

/// Errors of lal::quic. A connection that returned handshake_failed,
/// transport_error or closed is finished: drop it once `is_done()`; the
/// others refuse one call and leave the connection usable.
enum class errc {
    bad_credentials = 1,  ///< the certificate or key does not load (file named in the log)
    tls_setup,            ///< GnuTLS refused the session setup
    bad_packet,           ///< the first packet is not an acceptable Initial (RFC 9000 17.2.2)
    transport_error,      ///< ngtcp2 reported a fatal transport error (RFC 9000 20.1)
    handshake_failed,     ///< TLS handshake failed or timed out (RFC 9001 4)
    closed,               ///< the connection is closing or draining (RFC 9000 10.2)
    stream_blocked,       ///< the peer's stream limit allows no new stream now (RFC 9000 4.6)
    unknown_stream,       ///< no such stream, or its send side is finished
    queue_full,           ///< the stream's send queue is at its bound; retry after acks
    datagram_too_large,   ///< bigger than the peer's max_datagram_frame_size (RFC 9221 3)
};

/// The category of lal::quic::errc ("lal.quic").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::quic::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::quic

template <>
struct std::is_error_code_enum<lal::quic::errc> : std::true_type {};
