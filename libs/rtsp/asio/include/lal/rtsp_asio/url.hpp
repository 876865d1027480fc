// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>
#include <lal/rtsp/auth.hpp>

namespace lal::rtsp_asio {

/// An rtsp:// or rtsps:// URL taken apart (RFC 2326 3.2): where to connect,
/// whether over TLS, the URL sent in requests (without user information), and
/// the credentials it carried.
struct rtsp_url {
    std::string host;                       ///< name or address, IPv6 without brackets
    std::uint16_t port = 554;               ///< RFC 2326 3.2: 554 when absent (322 for rtsps, RFC 7826 19.2)
    bool tls = false;                       ///< rtsps://: RTSP over TLS, RTP interleaved in it
    std::string request_url;                ///< rtsp://host[:port]/path?query, no user:password@
    std::optional<rtsp::credentials> user;  ///< from user:password@ (percent-decoded)
};

/// Parses rtsp[s]://[user[:password]@]host[:port][/path][?query]. Errors:
/// errc::bad_scheme, bad_host, bad_port, bad_user.
lal::result<rtsp_url> parse_url(std::string_view url);

/// True for a URL with the rtsp:// or rtsps:// scheme (case-insensitive).
bool is_rtsp_url(std::string_view url) noexcept;

}  // namespace lal::rtsp_asio
