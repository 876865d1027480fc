// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "config.hpp"

namespace lal::server {

/// The web console (GET /lal.html on http_api.addr, where lal-Go serves its
/// page): one HTML page compiled into the binary that lists the live streams
/// from /api/stat/all_group every 2 s (codecs, size, bitrate, frame rate,
/// players) and previews each with mpegts.js (HTTP-FLV) or hls.js (HLS),
/// loaded from /console/<file>. The page learns the HTTP-FLV port and the HLS
/// path from a small JSON object written into it, so it needs no other call.
std::string console_page(const config& c);

/// True for the player scripts the console loads from http_api.console_js_dir
/// ("mpegts.js", "hls.js"): a fixed list, so no request names another file.
bool is_console_script(std::string_view name) noexcept;

}  // namespace lal::server
