// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <string>

#include <lal/base/payload.hpp>
#include <lal/http/headers.hpp>

namespace lal::http {

/// HTTP-version of a start line (RFC 9112 2.3); only 1.0 and 1.1 are parsed.
struct http_version {
    int major = 1;
    int minor = 1;
    friend auto operator<=>(const http_version&, const http_version&) = default;
};

/// A parsed request head.
struct request {
    std::string method;      ///< case-sensitive token, e.g. "GET" (RFC 9110 9.1)
    std::string target;      ///< request-target exactly as received
    std::string path;        ///< percent-decoded absolute path ("/live/test.flv"), "*" for OPTIONS *
    std::string query;       ///< raw query without '?', not decoded; empty when absent
    http_version version;
    header_list headers;
    lal::payload body;       ///< the body, framing removed (Content-Length or chunked); empty without one

    /// True for HEAD: answer with the head a GET would get, without body (RFC 9110 9.3.2).
    bool is_head() const noexcept { return method == "HEAD"; }
    /// Whether the client wants the connection kept after the response (RFC 9112 9.3).
    bool keep_alive() const noexcept;
    /// True when the client asks to switch protocols: an Upgrade field and the
    /// "upgrade" token in Connection (RFC 9110 7.8).
    bool wants_upgrade() const noexcept;
};

}  // namespace lal::http
