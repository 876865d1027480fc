// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>

#include <lal/http/response.hpp>
#include <lal/httpflv/request.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/http_asio/acceptor.hpp>
#include <lal/http_asio/server_connection.hpp>

namespace lal::httpflv_asio {

/// The HTTP server side is lal::http_asio's; HTTP-FLV is a route on it.
using http_asio::acceptor;
using http_asio::connection_stats;
using http_asio::server_connection;
using http_asio::server_options;

/// What the application does with a play request (GET or HEAD of a .flv path,
/// plain or asking for a WebSocket): answer it now or later, or start_flv_stream().
using play_handler =
    std::function<void(const std::shared_ptr<server_connection>&, const http::request&, httpflv::flv_route)>;

/// Adds the `.flv` suffix route (GET, and HEAD through it) to `routes`: paths
/// that parse_flv_route() refuses get 404; the others go to `on_play`. OPTIONS
/// and other methods are the router's answers (204 with CORS, 405).
void add_flv_route(http_asio::router& routes, play_handler on_play, http::response_options options = {});

/// Starts the FLV stream for the request `conn` is handling: a WebSocket when
/// it asked for one (every send() is then one binary message, as WS-FLV players
/// expect), else the flv_stream_response() head. False when refused (a bad
/// WebSocket handshake, already answered) or no request is pending.
bool start_flv_stream(server_connection& conn, const http::response_options& options = {});

}  // namespace lal::httpflv_asio
