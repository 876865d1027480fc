// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lal::server {

/// MD5 of `text` (RFC 1321), for lal-Go's simple_auth tokens; not for
/// anything that needs collision resistance.
std::array<std::uint8_t, 16> md5(std::string_view text);
/// The same as 32 lowercase hex digits.
std::string md5_hex(std::string_view text);

}  // namespace lal::server
