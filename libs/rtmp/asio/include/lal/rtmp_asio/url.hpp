// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>
#include <lal/rtmp_asio/error.hpp>

namespace lal::rtmp_asio {

/// Port RTMP uses when a URL names none.
inline constexpr std::uint16_t default_port = 1935;
/// Port RTMPS uses when a URL names none (ffmpeg's and lal-Go's default).
inline constexpr std::uint16_t default_secure_port = 443;

/// The parts of rtmp[s]://host[:port]/app[/instance]/stream[?query].
struct rtmp_url {
    bool secure = false;         ///< rtmps://: RTMP over TLS
    std::string host;            ///< name or address; an IPv6 address without its brackets
    std::uint16_t port = default_port;
    std::string app;             ///< "app" or "app/instance"
    std::string stream;          ///< stream name without the query
    std::string query;           ///< text after '?', without it; empty when none
    std::string tc_url;          ///< rtmp[s]://host:port/app, as ffmpeg sends it in connect

    /// The name sent in publish and play: "stream?query", or "stream" without a query.
    std::string stream_with_query() const;
    /// "host:port", with brackets around an IPv6 address: for messages.
    std::string host_port() const;
};

/// Parses an rtmp:// or rtmps:// URL with the app/stream split of ffmpeg and librtmp: the app
/// is the first path segment, or the first two when there are three or more
/// (the stream keeps the rest, slashes included); a second segment with a ':'
/// ("mp4:dir/file") starts the stream. The query is kept apart and appended to
/// the name sent in publish/play. Errors: errc::bad_scheme, bad_host, bad_port,
/// missing_app, missing_stream.
lal::result<rtmp_url> parse_rtmp_url(std::string_view text);

/// The URL back as text: rtmp[s]://host:port/app/stream[?query].
std::string to_string(const rtmp_url& url);

}  // namespace lal::rtmp_asio
