// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::http {

/// Base64 of RFC 4648 4 (standard alphabet, '=' padding).
std::string base64_encode(byte_span data);

/// Decodes RFC 4648 4 base64 strictly: length a multiple of 4, standard alphabet,
/// padding only at the end, and unused bits of the last symbol zero (RFC 4648
/// 3.5). nullopt for anything else, whitespace included.
std::optional<std::vector<std::byte>> base64_decode(std::string_view text);

}  // namespace lal::http
