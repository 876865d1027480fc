// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <lal/http/url.hpp>

namespace lal::http {

/// What a pulling client says about itself.
struct get_options {
    std::string user_agent = "lal";  ///< empty leaves the field out
    bool head = false;                           ///< send HEAD instead of GET
};

/// The bytes of a GET (or HEAD) request for `u`: request line, Host,
/// User-Agent, `Accept: */*` and `Connection: close` (RFC 9112 3, 9.6).
std::string make_get_request(const url& u, const get_options& options = {});

}  // namespace lal::http
