// SPDX-License-Identifier: MIT
#include "relay_url.hpp"

namespace lal::server {

std::string relay_url_template(std::string_view address) {
    if (address.find("://") != std::string_view::npos) return std::string(address);
    return "rtmp://" + std::string(address) + "/{app}/{stream}";
}

std::string expand_relay_url(std::string_view url_template, const stream_key& key) {
    // One pass, so a name that itself contains "{app}" is not expanded again.
    std::string out;
    for (std::size_t i = 0; i < url_template.size();) {
        const auto rest = url_template.substr(i);
        if (rest.starts_with("{app}")) {
            out += key.app;
            i += 5;
        } else if (rest.starts_with("{stream}")) {
            out += key.name;
            i += 8;
        } else {
            out += url_template[i++];
        }
    }
    return out;
}

std::string with_relay_marker(std::string url) {
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += relay_marker;
    url += "=1";
    return url;
}

bool has_relay_marker(std::string_view query) noexcept {
    while (!query.empty()) {
        const auto amp = query.find('&');
        auto param = query.substr(0, amp);
        const auto name = param.substr(0, param.find('='));
        if (name == relay_marker) return true;
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return false;
}

bool is_http_url(std::string_view url) noexcept { return url.starts_with("http://") || url.starts_with("https://"); }

bool is_rtsp_url(std::string_view url) noexcept { return url.starts_with("rtsp://") || url.starts_with("rtsps://"); }

std::string without_user_info(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    const auto start = scheme + 3;
    const auto end = url.find_first_of("/?#", start);
    const auto authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) return std::string(url);
    return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

}  // namespace lal::server
