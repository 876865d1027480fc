// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <lal/base/base64.hpp>

namespace lal::http {

/// Base64 of RFC 4648 4 (standard alphabet, '=' padding).
using lal::base64_encode;

/// Decodes RFC 4648 4 base64 strictly (lal::base64_rules::strict): what HTTP's
/// fields (Sec-WebSocket-Key, Basic credentials) must be.
inline std::optional<std::vector<std::byte>> base64_decode(std::string_view text) {
    return lal::base64_decode(text, base64_rules::strict);
}

}  // namespace lal::http
