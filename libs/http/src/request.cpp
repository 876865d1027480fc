// SPDX-License-Identifier: MIT
#include <lal/http/request.hpp>

namespace lal::http {

bool request::keep_alive() const noexcept {
    // RFC 9112 9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
    if (headers.has_token("Connection", "close")) return false;
    if (version >= http_version{1, 1}) return true;
    return headers.has_token("Connection", "keep-alive");
}

bool request::wants_upgrade() const noexcept {
    return headers.count("Upgrade") > 0 && headers.has_token("Connection", "upgrade");
}

}  // namespace lal::http
