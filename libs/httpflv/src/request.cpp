// SPDX-License-Identifier: MIT
#include <lal/httpflv/request.hpp>

namespace lal::httpflv {

bool request::keep_alive() const noexcept {
    // RFC 9112 9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
    if (headers.has_token("Connection", "close")) return false;
    if (version >= http_version{1, 1}) return true;
    return headers.has_token("Connection", "keep-alive");
}

}  // namespace lal::httpflv
