// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include <lal/base/result.hpp>
#include <lal/httpflv/request.hpp>

namespace lal::httpflv {

/// Where a player asks for a stream: GET /<app>/<stream>.flv[?query].
struct flv_route {
    std::string app;     ///< every segment before the last, e.g. "live" or "live/sub"
    std::string stream;  ///< the last segment without its final ".flv" (may hold dots)
    std::string query;   ///< raw query, kept for authentication; not part of the key
    friend bool operator==(const flv_route&, const flv_route&) = default;
};

/// Splits a decoded path as the Go lal server does: the stream is the last segment
/// up to its final ".flv", the app everything between the first and the last '/'.
/// route_not_found for no ".flv", no app, empty or dot segments ("." / "..").
lal::result<flv_route> parse_flv_route(std::string_view path, std::string_view query = {});

/// parse_flv_route on a parsed request's path and query.
lal::result<flv_route> parse_flv_route(const request& req);

}  // namespace lal::httpflv
