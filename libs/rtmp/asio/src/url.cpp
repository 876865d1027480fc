// SPDX-License-Identifier: MIT
#include <lal/rtmp_asio/url.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lal::rtmp_asio {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

bool valid_host_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '.' || c == '_';
}

// RFC 3986 3.2.2: host, or an IP literal in brackets; then an optional port.
std::error_code parse_authority(std::string_view authority, rtmp_url& out) {
    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos || close < 2) return errc::bad_host;
        out.host = std::string(authority.substr(1, close - 1));
        bool ok = std::all_of(out.host.begin(), out.host.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
        });
        if (!ok || out.host.find(':') == std::string::npos) return errc::bad_host;
        auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return errc::bad_host;
            has_port = true;
            port_text = rest.substr(1);
        }
    } else {
        auto colon = authority.find(':');
        auto host = authority.substr(0, colon);
        if (colon != std::string_view::npos) {
            has_port = true;
            port_text = authority.substr(colon + 1);
        }
        if (host.empty() || !std::all_of(host.begin(), host.end(), valid_host_char)) return errc::bad_host;
        out.host = std::string(host);
    }
    if (has_port) {
        unsigned value = 0;
        auto [end, err] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (port_text.empty() || err != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
            value > 65535) {
            return errc::bad_port;
        }
        out.port = static_cast<std::uint16_t>(value);
    }
    return {};
}

}  // namespace

std::string rtmp_url::stream_with_query() const { return query.empty() ? stream : stream + "?" + query; }

std::string rtmp_url::host_port() const {
    auto h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return h + ":" + std::to_string(port);
}

lal::result<rtmp_url> parse_rtmp_url(std::string_view text) {
    rtmp_url out;
    if (starts_with_nocase(text, "rtmps://")) {
        out.secure = true;
        out.port = default_secure_port;
        text.remove_prefix(8);
    } else if (starts_with_nocase(text, "rtmp://")) {
        text.remove_prefix(7);
    } else {
        return errc::bad_scheme;
    }
    auto path_start = text.find_first_of("/?");
    if (auto ec = parse_authority(text.substr(0, path_start), out)) return ec;
    if (path_start == std::string_view::npos || text[path_start] == '?') return errc::missing_app;

    auto path = text.substr(path_start + 1);
    if (auto q = path.find('?'); q != std::string_view::npos) {
        out.query = std::string(path.substr(q + 1));
        path = path.substr(0, q);
    }
    auto first = path.find('/');
    if (first == 0 || path.empty()) return errc::missing_app;
    if (first == std::string_view::npos) return errc::missing_stream;
    auto second = path.find('/', first + 1);
    auto colon = path.find(':', first + 1);
    // ffmpeg's rule: three or more segments make "app/instance", unless the
    // second segment holds a ':' (a play path such as "mp4:dir/file.mp4").
    if (second == std::string_view::npos || (colon != std::string_view::npos && colon < second)) {
        out.app = std::string(path.substr(0, first));
        out.stream = std::string(path.substr(first + 1));
    } else {
        out.app = std::string(path.substr(0, second));
        out.stream = std::string(path.substr(second + 1));
    }
    if (out.stream.empty()) return errc::missing_stream;
    out.tc_url = (out.secure ? "rtmps://" : "rtmp://") + out.host_port() + "/" + out.app;
    return out;
}

std::string to_string(const rtmp_url& url) {
    return (url.secure ? "rtmps://" : "rtmp://") + url.host_port() + "/" + url.app + "/" + url.stream_with_query();
}

}  // namespace lal::rtmp_asio
