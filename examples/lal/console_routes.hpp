// SPDX-License-Identifier: MIT
#pragma once

#include <lal/http_asio/server_connection.hpp>

#include "config.hpp"

namespace lal::server {

/// Adds the web console to the HTTP API's routes: GET /lal.html (lal-Go's
/// location) and / serve the page (console_page.hpp); GET /console/mpegts.js
/// and /console/hls.js serve those files from http_api.console_js_dir (404
/// when unset or missing). The page holds no secret, so it is served without
/// the API token; its calls carry ?token= from its own URL.
void add_console_routes(http_asio::router& routes, const config& c);

}  // namespace lal::server
