// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>

namespace lal::net {

/// TLS failures during the handshake ("lal.tls.handshake"): the value is
/// OpenSSL's packed error code, the message starts "TLS handshake failed".
const std::error_category& tls_handshake_category() noexcept;
/// TLS failures once the session is up ("lal.tls"): a bad record, a fatal alert.
const std::error_category& tls_category() noexcept;
/// True for a TLS handshake that failed or timed out (errc::tls_handshake_timeout).
bool is_tls_handshake_failure(std::error_code ec) noexcept;

}  // namespace lal::net
