// SPDX-License-Identifier: MIT
#include "console_routes.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "console_page.hpp"

namespace lal::server {
namespace {

using conn_ptr = std::shared_ptr<http_asio::server_connection>;

void send(const conn_ptr& c, int status, std::string_view body, std::string_view type) {
    if (!c->is_open()) return;
    http::response r(status);
    r.body(body, type);
    r.set("Cache-Control", "no-cache");
    c->respond(std::move(r));
}

}  // namespace

void add_console_routes(http_asio::router& routes, const config& c) {
    // Built once: the config does not change while the server runs.
    auto page = std::make_shared<const std::string>(console_page(c));
    auto serve_page = [page](const http::request&, const conn_ptr& conn) {
        send(conn, 200, *page, "text/html; charset=utf-8");
    };
    routes.exact("/lal.html", {"GET"}, serve_page);
    routes.exact("/", {"GET"}, serve_page);
    routes.prefix("/console/", {"GET"}, [dir = c.http_api.console_js_dir](const http::request& req, const conn_ptr& conn) {
        const std::string_view name = std::string_view(req.path).substr(std::string_view("/console/").size());
        if (dir.empty() || !is_console_script(name)) {
            send(conn, 404, "not found\n", "text/plain; charset=utf-8");
            return;
        }
        // Read on each request, on the connection's worker: a console opens
        // rarely, and a file replaced on disk (a newer player) is served at once.
        std::ifstream in(std::filesystem::path(dir) / std::string(name), std::ios::binary);
        if (!in) {
            send(conn, 404, "not found\n", "text/plain; charset=utf-8");
            return;
        }
        std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        send(conn, 200, body, "text/javascript; charset=utf-8");
    });
}

}  // namespace lal::server
