// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include <lal/base/bytes.hpp>

namespace lal::http {

/// SHA-1 digest (FIPS 180-4 6.1), as RFC 6455 4.2.2 needs for Sec-WebSocket-Accept.
/// Not for security: SHA-1 is broken for collision resistance.
std::array<std::byte, 20> sha1(byte_span data) noexcept;

/// SHA-1 of the bytes of `text`.
std::array<std::byte, 20> sha1(std::string_view text) noexcept;

}  // namespace lal::http
