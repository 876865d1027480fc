// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <lal/http_asio/acceptor.hpp>
#include <nlohmann/json_fwd.hpp>

#include "metrics.hpp"
#include "service.hpp"
#include "tls_setup.hpp"

namespace lal::server {

/// lal-Go's HTTP API on http_api.addr: stats of the server, its streams and
/// sessions (/api/stat/...), and control (/api/ctrl/...: relay pulls, kicking
/// a session, the IP blacklist). Answers carry lal-Go's envelope
/// {error_code, desp, data}. Beyond lal-Go: methods are checked (405), an
/// optional bearer token (http_api.token, 401), malformed JSON or a missing
/// field gets 400, a body over 64 KiB 413. GET /metrics serves the
/// Prometheus text (metrics.hpp); /lal.html and / the web console
/// (console_routes.hpp). add_ip_blacklist adds to the IP lists (ip_acl.hpp);
/// start_record and stop_record go to record_service, whose recordings the
/// stat groups list (`records`).
class api_service final : public service {
public:
    /// Sets up the routes (before serving); add_ip_blacklist goes to ctx.acl.
    explicit api_service(server_context& ctx);
    ~api_service() override;

    std::string_view name() const noexcept override { return "http_api"; }
    /// Binds http_api.addr (HTTPS with http_api.enable_https, or fails naming the TLS file that did not load).
    std::string listen() override;
    /// Starts accepting.
    void start() override;
    /// Stops accepting and closes the API connections.
    void stop(bool abort) override;
    /// The routes this service serves, for others to add theirs (e.g. /metrics) before start().
    http_asio::router& routes() noexcept { return *routes_; }

private:
    using conn_ptr = std::shared_ptr<http_asio::server_connection>;
    void add_routes();
    bool authorized(const http::request& req, const conn_ptr& c) const;
    void stat_group(const http::request& req, const conn_ptr& c, bool all);
    /// Adds each group's active recordings (`records`) to the stat groups.
    void add_records(nlohmann::json& groups) const;
    /// GET /api/stat/relay_pulls: every stream pulled here with its URL.
    void relay_pulls(const conn_ptr& c);
    void start_relay_pull(const http::request& req, const conn_ptr& c);
    void stop_relay_pull(const http::request& req, const conn_ptr& c);
    void kick_session(const http::request& req, const conn_ptr& c);
    void add_ip_blacklist(const http::request& req, const conn_ptr& c);
    /// start_record / stop_record: {stream_name, format} to the record service.
    void record_ctrl(const http::request& req, const conn_ptr& c, bool start);

    server_context& ctx_;
    server_tls tls_;  // http_api.enable_https: default_http's pair
    http_asio::acceptor acceptor_;
    std::shared_ptr<http_asio::router> routes_;
    // Open connections by worker, for stop(); each set touched only on its worker's thread.
    std::vector<std::unordered_set<conn_ptr>> connections_;
    metrics_collector ended_;
};

}  // namespace lal::server
