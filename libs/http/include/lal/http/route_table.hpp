// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lal::http {

/// How a route's pattern is compared with a decoded request path.
enum class match_kind {
    exact,   ///< the path equals the pattern ("/metrics")
    prefix,  ///< the path starts with the pattern ("/hls/", "/api/")
    suffix,  ///< the path ends with the pattern (".flv", ".ts", ".m3u8")
};

/// What route_table::match decided for one request.
struct route_match {
    enum class outcome {
        matched,             ///< `id` serves the request
        not_found,           ///< no pattern matches the path: answer 404
        method_not_allowed,  ///< the pattern matches, the method does not: 405 with `allow`
        options,             ///< OPTIONS without an OPTIONS route: 204 with `allow`
    };
    outcome result = outcome::not_found;
    std::size_t id = 0;  ///< the route, when matched
    std::string allow;   ///< for 405 and OPTIONS: the methods the path accepts, e.g. "GET, HEAD, OPTIONS"
};

/// Route patterns and their methods, matched against a request's method and
/// decoded path. Sans-IO and handler-free: router<> adds the handlers.
///
/// Precedence, deterministic whatever the order of registration: an exact match
/// wins, then the longest matching prefix, then the longest matching suffix.
/// Only routes with that winning pattern (same kind and text) are then checked
/// for the method: a method they do not accept gets 405, even if a less specific
/// pattern would accept it. Among those routes the first registered that accepts
/// the method wins.
///
/// Methods compare case-sensitively (RFC 9110 9.1); no methods means any method.
/// HEAD is served by a route accepting GET unless a route of the same pattern
/// accepts HEAD itself (RFC 9110 9.3.2: the handler answers as for GET, without
/// body). OPTIONS is served by a route accepting it; otherwise it gets the
/// `options` outcome with the path's methods (RFC 9110 9.3.7), and "OPTIONS *"
/// gets every method of the table.
class route_table {
public:
    /// Adds a route and returns its id (0, 1, 2, ... in registration order).
    /// An empty pattern never matches exact or prefix paths and matches every
    /// path as a suffix.
    std::size_t add(match_kind kind, std::string pattern, std::vector<std::string> methods = {});
    /// Chooses the route for `method` on the decoded `path`.
    route_match match(std::string_view method, std::string_view path) const;
    /// Number of routes.
    std::size_t size() const noexcept { return routes_.size(); }

private:
    struct route {
        match_kind kind;
        std::string pattern;
        std::vector<std::string> methods;
    };
    static bool accepts(const route& r, std::string_view method) noexcept;
    static std::string allow_list(const std::vector<const route*>& routes);

    std::vector<route> routes_;
};

}  // namespace lal::http
