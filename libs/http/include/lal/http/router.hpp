// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <lal/http/request.hpp>
#include <lal/http/response.hpp>
#include <lal/http/route_table.hpp>

namespace lal::http {

/// Sends requests to handlers by path and method (route_table's rules), and
/// builds the answer when no handler runs: 404, 405 with Allow, or 204 to
/// OPTIONS with Allow and CORS. Handlers are type-erased callables taking the
/// request and `Args` (say, the adapter's connection); the router holds no I/O.
///
/// ```cpp
/// lal::http::router<session&> r;
/// r.suffix(".flv", {"GET"}, [](const lal::http::request& req, session& s) { s.play_flv(req); });
/// r.exact("/metrics", {"GET"}, ...);
/// if (auto answer = r.dispatch(req, s)) s.send(answer->encode(req.is_head()));
/// ```
template <class... Args>
class router {
public:
    /// What a route runs.
    using handler = std::function<void(const request&, Args...)>;

    /// `options` go into the 404, 405 and OPTIONS answers the router builds.
    explicit router(response_options options = {}) : options_(std::move(options)) {}

    /// Adds a route for paths equal to `path`; no methods means any method.
    router& exact(std::string path, std::vector<std::string> methods, handler h) {
        return add(match_kind::exact, std::move(path), std::move(methods), std::move(h));
    }
    /// Adds a route for paths starting with `prefix` (e.g. "/hls/").
    router& prefix(std::string prefix, std::vector<std::string> methods, handler h) {
        return add(match_kind::prefix, std::move(prefix), std::move(methods), std::move(h));
    }
    /// Adds a route for paths ending with `suffix` (e.g. ".flv").
    router& suffix(std::string suffix, std::vector<std::string> methods, handler h) {
        return add(match_kind::suffix, std::move(suffix), std::move(methods), std::move(h));
    }
    /// Adds a route of any kind.
    router& add(match_kind kind, std::string pattern, std::vector<std::string> methods, handler h) {
        table_.add(kind, std::move(pattern), std::move(methods));
        handlers_.push_back(std::move(h));
        return *this;
    }

    /// The decision for `req` without running anything.
    route_match match(const request& req) const { return table_.match(req.method, req.path); }

    /// Runs the matching handler and returns nullopt, or returns the answer to
    /// send: 404, 405 (Allow), or 204 for OPTIONS (Allow, CORS preflight fields).
    std::optional<response> dispatch(const request& req, Args... args) const {
        auto m = match(req);
        switch (m.result) {
            case route_match::outcome::matched:
                handlers_[m.id](req, std::forward<Args>(args)...);
                return std::nullopt;
            case route_match::outcome::not_found:
                return error_response(404, options_);
            case route_match::outcome::method_not_allowed: {
                auto o = options_;
                o.allow = std::move(m.allow);
                return error_response(405, o);
            }
            case route_match::outcome::options: {
                auto o = options_;
                o.allow = std::move(m.allow);
                return options_response(req, o);
            }
        }
        return error_response(500, options_);
    }

private:
    response_options options_;
    route_table table_;
    std::vector<handler> handlers_;
};

}  // namespace lal::http
