// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hub_types.hpp"

namespace lal::server {

/// The stream an RTSP request names.
struct rtsp_stream_url {
    stream_key key;     ///< app and stream name
    std::string query;  ///< without '?', e.g. "lal_secret=..."
};

/// Reads rtsp[s]://[user[:pass]@]host[:port]/<app>/<stream>[?query] (RFC 2326 3.2):
/// the first path segment is the app, the rest (without a trailing '/') the
/// stream name. Nullopt when the scheme is not rtsp or rtsps, or the app or the stream
/// name is missing.
std::optional<rtsp_stream_url> parse_rtsp_stream_url(std::string_view url);

}  // namespace lal::server
