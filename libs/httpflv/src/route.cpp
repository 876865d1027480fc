// SPDX-License-Identifier: MIT
#include <lal/httpflv/route.hpp>

#include <lal/httpflv/error.hpp>

namespace lal::httpflv {
namespace {

constexpr std::string_view suffix = ".flv";

bool valid_segment(std::string_view seg) noexcept { return !seg.empty() && seg != "." && seg != ".."; }

}  // namespace

lal::result<flv_route> parse_flv_route(std::string_view path, std::string_view query) {
    if (!path.starts_with('/') || !path.ends_with(suffix)) return errc::route_not_found;
    auto inner = path.substr(1, path.size() - 1 - suffix.size());
    auto last_slash = inner.rfind('/');
    if (last_slash == std::string_view::npos) return errc::route_not_found;
    auto app = inner.substr(0, last_slash);
    auto stream = inner.substr(last_slash + 1);
    if (!valid_segment(stream)) return errc::route_not_found;
    for (std::string_view rest = app;;) {
        auto slash = rest.find('/');
        if (!valid_segment(rest.substr(0, slash))) return errc::route_not_found;
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    return flv_route{std::string(app), std::string(stream), std::string(query)};
}

lal::result<flv_route> parse_flv_route(const request& req) { return parse_flv_route(req.path, req.query); }

}  // namespace lal::httpflv
