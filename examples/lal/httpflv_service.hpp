// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/httpflv_asio/flv_route.hpp>

#include "service.hpp"
#include "tls_setup.hpp"

namespace lal::server {

class httpflv_player;

/// Serves GET /<app>/<stream>.flv through lal::http_asio's router: the FLV
/// header, then the stream from the hub (metadata, sequence headers, cached
/// GOPs, live), as an HTTP body or, when the request asks for a WebSocket, as
/// binary WebSocket messages (WS-FLV); likewise GET /<app>/<stream>.ts in the
/// MPEG-TS form (HTTP-TS, WS-TS: PAT+PMT, the cached GOP, live), GET
/// /<app>/<stream>.mp4 in the fMP4 form (HTTP-fMP4: the init segment, then a
/// fragment per frame from the cached GOP on) and the HLS
/// playlists and segments of hls_service on the same port. A player of a stream without publisher
/// waits up to stream.wait_publisher_ms, then gets 404. Other paths get 404.
/// The sections with enable_https are also served over TLS (HTTPS, WSS) on
/// default_http.https_listen_addr, by the same routes.
class httpflv_service final : public service {
public:
    explicit httpflv_service(server_context& ctx);
    ~httpflv_service() override;

    std::string_view name() const noexcept override { return "httpflv"; }

    /// Binds httpflv.addr and, when a section wants HTTPS, default_http.https_listen_addr
    /// (or fails naming the TLS file that did not load).
    std::string listen() override;
    /// Starts accepting.
    void start() override;
    /// Stops accepting and closes every player (each on its own worker);
    /// `abort`: at once, without waiting for queued bytes or the peer's FIN.
    void stop(bool abort) override;

private:
    friend class httpflv_player;
    /// Which outputs one listener serves.
    struct outputs {
        bool flv;
        bool ts;
        hls_service* hls;
        bool fmp4;
    };
    /// The routes of worker `w` for `which` outputs.
    std::shared_ptr<const http_asio::router> make_routes(std::size_t w, const http::response_options& o, outputs which);
    /// Adds GET <httpts.url_pattern><app>/<stream>.ts (HTTP-TS, WS-TS) and the HLS
    /// routes (when those are on) to the routes of worker `w`.
    void add_ts_and_hls_routes(http_asio::router& routes, std::size_t w, const http::response_options& o,
                               outputs which);
    /// Adds GET <httpfmp4.url_pattern><app>/<stream>.mp4 and /live/m4s/<stream>
    /// (HTTP-fMP4), and the fMP4 HLS init and .m4s segments, to the routes of worker `w`.
    void add_fmp4_routes(http_asio::router& routes, std::size_t w, const http::response_options& o, outputs which);
    void on_connection(std::shared_ptr<httpflv_asio::server_connection> conn, std::size_t worker, bool secure);
    void connection_closed(const std::shared_ptr<httpflv_asio::server_connection>& conn, std::size_t worker);

    server_context& ctx_;
    httpflv_asio::acceptor acceptor_;
    // One router per worker, so a route knows its worker; and one that refuses (503).
    std::vector<std::shared_ptr<const http_asio::router>> routes_;
    // HTTPS: its context, listener and routes (the sections with enable_https).
    server_tls https_tls_;
    std::unique_ptr<httpflv_asio::acceptor> https_acceptor_;
    std::vector<std::shared_ptr<const http_asio::router>> https_routes_;
    std::shared_ptr<const http_asio::router> refuse_;
    // Open connections by worker, for stop(); each set touched only on its worker's thread.
    std::vector<std::unordered_set<std::shared_ptr<httpflv_asio::server_connection>>> connections_;
    // Players by worker; each set is touched only on its worker's thread.
    std::vector<std::unordered_set<std::shared_ptr<httpflv_player>>> players_;
};

}  // namespace lal::server
