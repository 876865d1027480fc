// SPDX-License-Identifier: MIT
#include <lal/rtsp_asio/url.hpp>

#include <cctype>

#include <lal/rtsp_asio/error.hpp>

namespace lal::rtsp_asio {
namespace {

constexpr std::string_view scheme = "rtsp://";

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// RFC 3986 2.1: %XX escapes in the user information; a stray '%' stays.
std::string percent_decode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
            i += 2;
        } else {
            out += in[i];
        }
    }
    return out;
}

}  // namespace

bool is_rtsp_url(std::string_view url) noexcept {
    if (url.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
    }
    return true;
}

lal::result<rtsp_url> parse_url(std::string_view url) {
    if (!is_rtsp_url(url)) return errc::bad_scheme;
    auto rest = url.substr(scheme.size());
    const auto path_at = rest.find_first_of("/?");
    auto authority = rest.substr(0, path_at);
    const auto path = path_at == std::string_view::npos ? std::string_view("/") : rest.substr(path_at);

    rtsp_url out;
    // RFC 3986 3.2.1: the user information ends at the last '@' of the authority.
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const auto info = authority.substr(0, at);
        const auto colon = info.find(':');
        out.user = rtsp::credentials{percent_decode(info.substr(0, colon)),
                                     colon == std::string_view::npos ? std::string() : percent_decode(info.substr(colon + 1))};
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
