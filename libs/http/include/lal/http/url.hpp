// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>

namespace lal::http {

/// An http or https URL split into what a client needs to connect and to ask (RFC 9110 4.2.1).
struct url {
    std::string scheme = "http";  ///< "http" or "https" (lower case)
    std::string host;             ///< lower-case name or address; IPv6 without brackets
    std::uint16_t port = 80;
    std::string target = "/";     ///< origin-form request-target "/path?query", no fragment

    /// The path part of target.
    std::string_view path() const noexcept;
    /// The query part of target, without '?'.
    std::string_view query() const noexcept;
    friend bool operator==(const url&, const url&) = default;
};

/// The port a scheme implies (RFC 9110 4.2.1, 4.2.2): 443 for "https", else 80.
std::uint16_t default_port(std::string_view scheme) noexcept;

/// Parses `http[s]://host[:port][/path][?query][#fragment]`. Fails with
/// unsupported_scheme for other schemes and bad_url for anything malformed,
/// including userinfo (deprecated by RFC 9110 4.2.4), a bad port or raw spaces.
lal::result<url> parse_url(std::string_view text);

/// Resolves a URI reference (a Location value, RFC 9110 10.2.2) against `base`
/// as RFC 3986 5.2 does: absolute, network-path, absolute-path or relative.
lal::result<url> resolve_reference(const url& base, std::string_view reference);

/// The Host field value for `u`: host, in brackets for IPv6, and ":port" unless the scheme's default.
std::string host_header(const url& u);

/// The URL as text, e.g. "http://example.com:8080/live/a.flv".
std::string to_string(const url& u);

/// Decodes %XX escapes of a request path (RFC 3986 2.1). Fails with bad_target on
/// a malformed escape, and on escapes that decode to NUL, another control
/// character or '/', which could otherwise forge a path segment.
lal::result<std::string> percent_decode_path(std::string_view raw);

}  // namespace lal::http
