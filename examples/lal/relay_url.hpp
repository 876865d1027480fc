// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "hub_types.hpp"

namespace lal::server {

/// Query parameter a relay push adds to its publish URL. A publish carrying it
/// is never pushed on, so two servers pushing to each other do not loop.
inline constexpr std::string_view relay_marker = "lal_relay";

/// Turns a configured relay address into a URL template: "host:port" becomes
/// "rtmp://host:port/{app}/{stream}"; a URL template is returned as it is.
std::string relay_url_template(std::string_view address);

/// Fills {app} and {stream} (every occurrence) of a URL template with `key`.
std::string expand_relay_url(std::string_view url_template, const stream_key& key);

/// `url` with "lal_relay=1" appended to its query ('?' or '&').
std::string with_relay_marker(std::string url);

/// True when the query string (without '?') has a lal_relay parameter.
bool has_relay_marker(std::string_view query) noexcept;

/// True for an http:// or https:// URL (HTTP-FLV pull), false for rtmp:// and rtmps://.
bool is_http_url(std::string_view url) noexcept;

/// True for an rtsp:// or rtsps:// URL (RTSP pull from a camera or server, RFC 2326 3.2).
bool is_rtsp_url(std::string_view url) noexcept;

/// `url` without the user information of its authority (RFC 3986 3.2.1,
/// "user:password@"), for logs and the API: a camera's password stays in the config.
std::string without_user_info(std::string_view url);

}  // namespace lal::server
