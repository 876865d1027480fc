// SPDX-License-Identifier: MIT
#include "rtsp_url.hpp"

#include <algorithm>
#include <cctype>

namespace lal::server {

namespace {
bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}
}  // namespace

std::optional<rtsp_stream_url> parse_rtsp_stream_url(std::string_view url) {
    // RTSPS clients (ffmpeg) name the rtsps scheme in their requests.
    if (starts_with_nocase(url, "rtsp://")) {
        url.remove_prefix(7);
    } else if (starts_with_nocase(url, "rtsps://")) {
        url.remove_prefix(8);
    } else {
        return std::nullopt;
    }
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
