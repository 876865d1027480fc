// SPDX-License-Identifier: MIT
#include <lal/httpflv_asio/flv_route.hpp>

#include <lal/http/websocket_handshake.hpp>
#include <lal/httpflv/response.hpp>

namespace lal::httpflv_asio {

void add_flv_route(http_asio::router& routes, play_handler on_play, http::response_options options) {
    routes.suffix(".flv", {"GET"},
                  [on_play = std::move(on_play), options](const http::request& req,
                                                          const std::shared_ptr<server_connection>& conn) {
                      auto route = httpflv::parse_flv_route(req);
                      if (!route) {
                          // Like the router's own 404: it has a length, the connection may stay.
                          auto not_found = http::error_response(404, options);
                          not_found.set("Connection", "keep-alive");
                          return conn->respond(std::move(not_found));
                      }
                      on_play(conn, req, std::move(*route));
                  });
}

bool start_flv_stream(server_connection& conn, const http::response_options& options) {
    const auto* req = conn.current_request();
    if (!req) return false;
    // WS-FLV: the same URL with an Upgrade, as lal-Go serves it on one listener.
    if (http::ws::is_upgrade_request(*req)) return conn.accept_websocket({});
    conn.start_stream(httpflv::flv_stream_response(*req, options));
    return true;
}

}  // namespace lal::httpflv_asio
