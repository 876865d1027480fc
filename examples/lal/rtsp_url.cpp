// SPDX-License-Identifier: MIT
#include "rtsp_url.hpp"

#include <algorithm>
#include <cctype>

namespace lal::server {

std::optional<rtsp_stream_url> parse_rtsp_stream_url(std::string_view url) {
    constexpr std::string_view scheme = "rtsp://";
    if (url.size() < scheme.size() ||
        !std::equal(scheme.begin(), scheme.end(), url.begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        return std::nullopt;
    }
    url.remove_prefix(scheme.size());
    const auto slash = url.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto path = url.substr(slash + 1);
    rtsp_stream_url out;
    if (const auto q = path.find('?'); q != std::string_view::npos) {
        out.query = std::string(path.substr(q + 1));
        path = path.substr(0, q);
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    const auto sep = path.find('/');
    if (sep == std::string_view::npos || sep == 0 || sep + 1 >= path.size()) return std::nullopt;
    out.key = {std::string(path.substr(0, sep)), std::string(path.substr(sep + 1))};
    return out;
}

}  // namespace lal::server
