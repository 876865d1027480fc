// SPDX-License-Identifier: MIT
#include <lal/rtsp_asio/url.hpp>

#include <cctype>

#include <lal/http/query.hpp>
#include <lal/rtsp_asio/error.hpp>

namespace lal::rtsp_asio {
namespace {

constexpr std::string_view plain_scheme = "rtsp://";
constexpr std::string_view tls_scheme = "rtsps://";
// RFC 7826 19.2 (and IANA): rtsps' default port.
constexpr std::uint16_t rtsps_port = 322;

bool starts_with_nocase(std::string_view text, std::string_view prefix) noexcept {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
}

}  // namespace

bool is_rtsp_url(std::string_view url) noexcept {
    return starts_with_nocase(url, plain_scheme) || starts_with_nocase(url, tls_scheme);
}

lal::result<rtsp_url> parse_url(std::string_view url) {
    if (!is_rtsp_url(url)) return errc::bad_scheme;
    const bool tls = starts_with_nocase(url, tls_scheme);
    const auto scheme = tls ? tls_scheme : plain_scheme;
    auto rest = url.substr(scheme.size());
    const auto path_at = rest.find_first_of("/?");
    auto authority = rest.substr(0, path_at);
    const auto path = path_at == std::string_view::npos ? std::string_view("/") : rest.substr(path_at);

    rtsp_url out;
    out.tls = tls;
    if (tls) out.port = rtsps_port;
    // RFC 3986 3.2.1: the user information ends at the last '@' of the authority.
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const auto info = authority.substr(0, at);
        const auto colon = info.find(':');
        // RFC 3986 2.1: user and password may carry %XX escapes (a '@' or ':' in a password).
        auto name = http::percent_decode(info.substr(0, colon));
        auto password = http::percent_decode(colon == std::string_view::npos ? std::string_view() : info.substr(colon + 1));
        if (!name || !password) return errc::bad_user;
        out.user = rtsp::credentials{std::move(*name), std::move(*password)};
        authority = authority.substr(at + 1);
    }

    std::string_view port_text;
    if (authority.starts_with('[')) {  // RFC 3986 3.2.2: an IPv6 literal
        const auto close = authority.find(']');
        if (close == std::string_view::npos || close == 1) return errc::bad_host;
        out.host = std::string(authority.substr(1, close - 1));
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return errc::bad_host;
            port_text = after.substr(1);
            if (port_text.empty()) return errc::bad_port;
        }
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return errc::bad_port;
        }
    }
    if (out.host.empty()) return errc::bad_host;
    if (!port_text.empty()) {
        unsigned long port = 0;
        for (char c : port_text) {
            if (c < '0' || c > '9' || port > 65535) return errc::bad_port;
            port = port * 10 + static_cast<unsigned>(c - '0');
        }
        if (port == 0 || port > 65535) return errc::bad_port;
        out.port = static_cast<std::uint16_t>(port);
    }
    const auto host_part = authority;  // host[:port] as written, without user information
    out.request_url = std::string(scheme) + std::string(host_part) + std::string(path);
    return out;
}

}  // namespace lal::rtsp_asio
