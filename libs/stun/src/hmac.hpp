// SPDX-License-Identifier: MIT
// HMAC-SHA1 over a byte range, the MESSAGE-INTEGRITY function (RFC 8489 14.5).
#pragma once

#include <array>
#include <cstddef>

#include <lal/base/bytes.hpp>

namespace lal::stun::detail {

/// HMAC-SHA1 (RFC 2104) of `data` with `key`.
std::array<std::byte, 20> hmac_sha1(byte_span key, byte_span data);

}  // namespace lal::stun::detail
