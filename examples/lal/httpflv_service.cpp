// SPDX-License-Identifier: MIT
#include "httpflv_service.hpp"

#include <chrono>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/http/error.hpp>
#include <lal/http/response.hpp>
#include <lal/http/websocket_handshake.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/net/tls_error.hpp>

#include "codec_refusal.hpp"
#include "fmp4_encoder.hpp"
#include "hls_service.hpp"
#ifdef LAL_HAVE_WEBRTC
#include "rtc_service.hpp"
#endif
#include "log.hpp"
#include "player_record.hpp"
#include "wire_encoder.hpp"

namespace lal::server {

namespace {
httpflv_asio::server_options connection_options(const config& c) {
    httpflv_asio::server_options o;
    o.request_timeout = std::chrono::milliseconds(c.timeouts.handshake_ms);
    o.idle_timeout = std::chrono::milliseconds(c.timeouts.handshake_ms);
    o.response.server = "lal";
    o.auto_flush = false;  // media is flushed by the worker's write_merger
    return o;
}

/// What a live HTTP player is sent: FLV tags after the FLV header, or TS packets.
struct media_format {
    std::string_view label;         ///< for logs: "httpflv", "httpts"
    std::string_view content_type;  ///< of the HTTP body
    bool flv_header;                ///< the 13-byte FLV header first
    std::string_view api_protocol;  ///< the session's protocol in the HTTP API (lal-Go's names)
    bool fmp4 = false;              ///< fMP4: each frame's init piece is sent only when it changed
};
constexpr media_format flv_format{"httpflv", "video/x-flv", true, "FLV"};
constexpr media_format ts_format{"httpts", "video/mp2t", false, "TS"};
constexpr media_format fmp4_format{"httpfmp4", "video/mp4", false, "FMP4", true};

/// lalmax's HTTP-fMP4 path: /live/m4s/<stream>.
constexpr std::string_view lalmax_m4s_prefix = "/live/m4s/";

/// The route of GET <url_pattern><app>/<stream><suffix> (".ts", ".mp4"),
/// parsed as the .flv route is (the same app and stream rules); route_not_found otherwise.
lal::result<httpflv::flv_route> parse_media_route(const http::request& req, const std::string& url_pattern,
                                                  std::string_view suffix) {
    std::string_view path(req.path);
    if (!path.starts_with(url_pattern) || !path.ends_with(suffix)) return make_error_code(http::errc::route_not_found);
    path.remove_prefix(url_pattern.size() - 1);  // keeps the pattern's last '/'
    path.remove_suffix(suffix.size());
    return httpflv::parse_flv_route(std::string(path) + ".flv", req.query);
}

/// The line every HTTP connection leaves when it ends, a player's or not.
void log_session_end(const asio::ip::tcp::endpoint& remote, std::string_view stream,
                     const httpflv_asio::connection_stats& s, std::error_code reason) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.duration).count();
    LAL_LOG_INFO("[httpflv] session end: remote={} stream={} sent={} received={} duration={}ms reason={}",
                 endpoint_text(remote), stream, s.bytes_written, s.bytes_read, ms,
                 reason ? reason.message() : "closed");
}
}  // namespace

/// One HTTP-FLV or HTTP-TS player (WS-FLV, WS-TS with an upgrade): the bridge
/// between its connection and the hub.
class httpflv_player : public subscriber_sink,
                       public flush_target,
                       public lal::hub::described_session,
                       public std::enable_shared_from_this<httpflv_player> {
public:
    httpflv_player(httpflv_service& service, std::shared_ptr<httpflv_asio::server_connection> conn,
                   std::size_t worker, const media_format& format = flv_format)
        : service_(service),
          format_(format),
          form_(format.flv_header ? service.ctx_.forms.flv_tag
                : format.fmp4   ? service.ctx_.forms.fmp4
                                : service.ctx_.forms.ts),
          gop_num_(format.flv_header ? service.ctx_.cfg.httpflv.gop_num
                   : format.fmp4     ? service.ctx_.cfg.httpfmp4.gop_num
                                     : service.ctx_.cfg.httpts.gop_num),
          conn_(std::move(conn)),
          worker_(worker),
          timer_(conn_->get_executor()),
          admission_timer_(conn_->get_executor()),
          id_(service.ctx_.sessions.next_id("FLVSUB")),
          start_unix_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()) {}

    /// Takes the connection over for the play request `req` (the .flv or .ts route).
    void begin(const httpflv::request& req, httpflv::flv_route route) {
        auto self = shared_from_this();
        conn_->set_closed_handler([self](const auto&, std::error_code reason, const httpflv_asio::connection_stats& s) {
            self->on_closed(s, reason);
        });
        on_request(req, std::move(route));
    }

    // subscriber_sink
    void start() override {
        timer_.cancel();
        waiting_ = false;
        if (!conn_->streaming()) {
            // An HTTP body, or binary WebSocket messages when the request upgraded.
            if (!start_media_stream()) return;
            if (format_.flv_header) conn_->send(flv_stream_header());
            conn_->flush();  // the response head at once: the player sees the stream is there
        }
    }
    void stop() override { wait_for_publisher(); }
    // A publisher came back in time: the player stays (no new head).
    void restarted() override {
        timer_.cancel();
        waiting_ = false;
    }
    void send(const frame& f) override {
        const auto& wire = f.encoded(form_);
        if (wire.empty()) return;  // TS, fMP4: metadata and data have no form
        auto pieces = wire.pieces();
        if (format_.fmp4) {
            // The init segment leads every fMP4 frame; it goes out first and again only when the tracks changed.
            const auto* init = fmp4_encoder::init_piece(wire);
            if (!init) return;
            if (fmp4_encoder::same_init(*init, sent_init_)) {
                pieces = pieces.subspan(1);
            } else {
                sent_init_ = *init;
            }
        }
        if (conn_->send(pieces)) service_.ctx_.writes.on(worker_).request(shared_from_this(), f.kind() == media_kind::video);
    }
    void flush_now() override { conn_->flush(); }

    // described_session: the session directory, on this worker
    lal::hub::session_info describe() const override {
        lal::hub::session_info i;
        i.id = id_;
        i.protocol = std::string(format_.api_protocol);
        i.base_type = "SUB";
        i.remote_addr = endpoint_text(conn_->remote_endpoint());
        i.key = key_;
        i.url_param = query_;
        i.url = request_.target;
        i.start_unix_ms = start_unix_ms_;
        describe_connection(i, conn_->stats());
        player_.describe_into(i, subscription_.get());
        return i;
    }
    void kick(std::string_view reason) override {
        LAL_LOG_INFO("[{}] kicking {} ({}): {}", format_.label, endpoint_text(conn_->remote_endpoint()), id_, reason);
        conn_->close();
    }
    std::size_t queued_bytes() const override { return conn_->bytes_queued(); }
    std::uint64_t written_bytes() const override { return conn_->bytes_written(); }
    void close(std::string_view reason) override {
        player_.slow_closed = true;
        LAL_LOG_WARN("[{}] closing player {} of {}: {}", format_.label, endpoint_text(conn_->remote_endpoint()), key_.str(),
                     reason);
        // Not from inside the hub's fan-out: the subscription must outlive it.
        asio::post(conn_->get_executor(), [self = shared_from_this()] { self->conn_->close(); });
    }

private:
    httpflv::response_options response_options() const {
        httpflv::response_options o;
        o.server = "lal";
        return o;
    }

    /// The stream's head: an HTTP body, or a WebSocket when the request asked for one.
    bool start_media_stream() {
        const auto* req = conn_->current_request();
        if (!req) return false;
        // WS-FLV / WS-TS: the same URL with an Upgrade, as lal-Go serves it on one listener.
        if (http::ws::is_upgrade_request(*req)) return conn_->accept_websocket({});
        conn_->start_stream(http::stream_response(*req, format_.content_type, response_options()));
        return true;
    }

    void on_request(const httpflv::request& req, httpflv::flv_route play) {
        // OPTIONS, 405 and paths that are no stream are the router's answers.
        request_ = req;
        const auto* route = &play;
        key_ = {route->app, route->stream};
        const auto& cfg = service_.ctx_.cfg;
        if (request_.is_head()) {
            auto s = service_.ctx_.streams.find(key_);
            const bool live = s && s->live();
            conn_->respond(live ? http::stream_response(request_, format_.content_type, response_options())
                                : httpflv::error_response(404, response_options()));
            return;
        }
        // Asks the hub's admission checks (none: decided at once, inside this
        // call); this connection's timer bounds a later answer by timeouts.handshake_ms.
        admission_request ask{admission_action::play, key_, route->query, std::string(format_.label),
                              endpoint_text(conn_->remote_endpoint())};
        auto ticket = service_.ctx_.streams.admit(
            std::move(ask), worker_, [weak = weak_from_this(), query = route->query](admission_result r) {
                if (auto self = weak.lock()) self->on_play_admitted(query, r);
            });
        if (!ticket) return;
        ticket_ = std::move(ticket);
        admission_timer_.expires_after(std::chrono::milliseconds(cfg.timeouts.handshake_ms));
        admission_timer_.async_wait([t = std::weak_ptr<admission_ticket>(ticket_)](std::error_code ec) {
            auto pending = t.lock();
            if (!ec && pending) pending->expire("no admission decision in time (timeouts.handshake_ms)");
        });
    }

    void on_play_admitted(const std::string& query, const admission_result& r) {
        admission_timer_.cancel();
        ticket_.reset();
        if (!conn_->is_open()) return;
        if (!r.admitted) {
            LAL_LOG_WARN("[{}] play refused: remote={} stream={}: {}", format_.label,
                         endpoint_text(conn_->remote_endpoint()), key_.str(), r.reason);
            if (!r.redirect.empty()) {
                conn_->respond(http::redirect_response(r.redirect, response_options()));
            } else {
                conn_->respond(httpflv::error_response(403, response_options(), r.reason));
            }
            return;
        }
        // A TS player of a codec TS cannot carry is told so (RFC 9110 15.5.16)
        // rather than served a stream without video.
        if (format_.label == ts_format.label) {
            if (auto why = codec_refusal(service_.ctx_, key_, fixed_form::mpegts); !why.empty()) {
                LAL_LOG_WARN("[{}] play refused: remote={} stream={}: {}", format_.label,
                             endpoint_text(conn_->remote_endpoint()), key_.str(), why);
                conn_->respond(httpflv::error_response(415, response_options(), why));
                return;
            }
        }
        LAL_LOG_INFO("[{}] play start: remote={} stream={}{}{}", format_.label,
                     endpoint_text(conn_->remote_endpoint()), key_.str(), query.empty() ? "" : "?", query);
        query_ = query;
        in_directory_ = true;
        service_.ctx_.sessions.add(worker_, *this);
        subscription_ = service_.ctx_.streams.subscribe(key_, *this, form_, gop_num_, worker_);
        if (waiting_) wait_for_publisher();
    }

    void wait_for_publisher() {
        waiting_ = true;
        timer_.expires_after(std::chrono::milliseconds(service_.ctx_.cfg.stream.wait_publisher_ms));
        timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || !self->waiting_) return;
            if (!self->conn_->streaming()) {
                LAL_LOG_INFO("[httpflv] no publisher for {} within {} ms: 404", self->key_.str(),
                             self->service_.ctx_.cfg.stream.wait_publisher_ms);
                self->conn_->respond(httpflv::error_response(404, self->response_options(), "stream not found"));
            } else {
                LAL_LOG_INFO("[httpflv] publisher of {} did not come back: closing", self->key_.str());
                self->conn_->close();
            }
        });
    }

    void on_closed(const httpflv_asio::connection_stats& s, std::error_code reason) {
        timer_.cancel();
        admission_timer_.cancel();
        if (ticket_) ticket_->cancel();
        if (in_directory_) {
            // First: its final counters still read the subscription.
            in_directory_ = false;
            service_.ctx_.sessions.remove(worker_, describe());
        }
        subscription_.reset();
        log_session_end(conn_->remote_endpoint(), key_.app.empty() ? "-" : key_.str(), s, reason);
        service_.connection_closed(conn_, worker_);
        service_.players_[worker_].erase(shared_from_this());
    }

    httpflv_service& service_;
    const media_format& format_;
    form_index form_;
    std::uint32_t gop_num_;
    std::shared_ptr<httpflv_asio::server_connection> conn_;
    std::size_t worker_;
    asio::steady_timer timer_;
    asio::steady_timer admission_timer_;
    std::shared_ptr<admission_ticket> ticket_;  // the play waiting for admission
    httpflv::request request_;
    stream_key key_;
    std::string id_;
    std::int64_t start_unix_ms_;
    std::string query_;
    bool in_directory_ = false;
    mutable player_record player_;
    std::unique_ptr<subscription> subscription_;
    bool waiting_ = true;
    lal::payload sent_init_;  // fMP4: the init segment this player has
};

httpflv_service::httpflv_service(server_context& ctx)
    : ctx_(ctx),
      acceptor_(ctx.loops.context(0), ctx.loops.contexts(), connection_options(ctx.cfg),
                {.on_accept_error = [](std::error_code ec) { LAL_LOG_WARN("[httpflv] accept failed: {}", ec.message()); }}),
      connections_(ctx.loops.size()),
      players_(ctx.loops.size()) {
    http::response_options o;
    o.server = "lal";
    const auto& cfg = ctx.cfg;
    for (std::size_t w = 0; w < ctx.loops.size(); ++w) {
        routes_.push_back(make_routes(w, o, {true, cfg.httpts.enable, ctx.hls, cfg.httpfmp4.enable}));
    }
    if (https_wanted(cfg)) {
        https_tls_ = load_https_tls(cfg);
        auto options = connection_options(cfg);
        options.tls = https_tls_.context;  // the TLS handshake counts against the request timeout
        https_acceptor_ = std::make_unique<httpflv_asio::acceptor>(
            ctx.loops.context(0), ctx.loops.contexts(), options,
            net::acceptor_options{.on_accept_error = [](std::error_code ec) {
                LAL_LOG_WARN("[https] accept failed: {}", ec.message());
            }});
        const outputs secure{cfg.httpflv.enable_https, cfg.httpts.enable && cfg.httpts.enable_https,
                             cfg.hls.enable_https ? ctx.hls : nullptr, cfg.httpfmp4.enable && cfg.httpfmp4.enable_https};
        for (std::size_t w = 0; w < ctx.loops.size(); ++w) https_routes_.push_back(make_routes(w, o, secure));
    }
    auto refuse = std::make_shared<http_asio::router>(o);
    refuse->prefix("/", {}, [o](const http::request&, const std::shared_ptr<httpflv_asio::server_connection>& c) {
        c->respond(http::error_response(503, o));
    });
    refuse_ = std::move(refuse);
}

std::shared_ptr<const http_asio::router> httpflv_service::make_routes(std::size_t w, const http::response_options& o,
                                                                      outputs which) {
    auto routes = std::make_shared<http_asio::router>(o);
    if (which.flv) {
        httpflv_asio::add_flv_route(
            *routes,
            [this, w](const std::shared_ptr<httpflv_asio::server_connection>& conn, const http::request& req,
                      httpflv::flv_route route) {
                auto player = std::make_shared<httpflv_player>(*this, conn, w);
                players_[w].insert(player);
                player->begin(req, std::move(route));
            },
            o);
    }
    add_ts_and_hls_routes(*routes, w, o, which);
    add_fmp4_routes(*routes, w, o, which);
#ifdef LAL_HAVE_WEBRTC
    if (ctx_.rtc) ctx_.rtc->add_routes(*routes, w, o);
#endif
    return routes;
}

void httpflv_service::add_fmp4_routes(http_asio::router& routes, std::size_t w, const http::response_options& o,
                                      outputs which) {
    auto* hls = which.hls;
    const bool fmp4 = which.fmp4;
    const bool hls_fmp4 = hls && ctx_.cfg.hls.fragment_format == "fmp4";
    auto not_found = [o](const std::shared_ptr<httpflv_asio::server_connection>& conn) {
        auto r = http::error_response(404, o);
        r.set("Connection", "keep-alive");
        conn->respond(std::move(r));
    };
    auto play = [this, w](const std::shared_ptr<httpflv_asio::server_connection>& conn, const http::request& req,
                          httpflv::flv_route route) {
        auto player = std::make_shared<httpflv_player>(*this, conn, w, fmp4_format);
        players_[w].insert(player);
        player->begin(req, std::move(route));
    };
    if (hls_fmp4) {
        // fMP4 HLS segments named next to /<app>/<stream>.m3u8.
        routes.suffix(".m4s", {"GET"}, [hls, not_found](const http::request& req,
                                                        const std::shared_ptr<httpflv_asio::server_connection>& conn) {
            const auto slash = req.path.rfind('/');
            if (!hls->serve_segment(req, conn, std::string_view(req.path).substr(slash + 1))) not_found(conn);
        });
    }
    if (fmp4 || hls_fmp4) {
        // .mp4: an fMP4 HLS init segment (EXT-X-MAP) named next to /<app>/<stream>.m3u8, else HTTP-fMP4.
        routes.suffix(".mp4", {"GET"}, [this, hls_fmp4, hls, fmp4, not_found, play](
                                           const http::request& req,
                                           const std::shared_ptr<httpflv_asio::server_connection>& conn) {
            if (hls_fmp4) {
                const auto slash = req.path.rfind('/');
                if (hls->serve_segment(req, conn, std::string_view(req.path).substr(slash + 1))) return;
            }
            auto route = fmp4 ? parse_media_route(req, ctx_.cfg.httpfmp4.url_pattern, ".mp4")
                              : lal::result<httpflv::flv_route>(make_error_code(http::errc::route_not_found));
            if (!route) return not_found(conn);
            play(conn, req, std::move(*route));
        });
    }
    if (fmp4) {
        // lalmax's alias: /live/m4s/<stream> is the stream live/<stream>.
        routes.prefix(std::string(lalmax_m4s_prefix), {"GET"},
                      [not_found, play](const http::request& req,
                                        const std::shared_ptr<httpflv_asio::server_connection>& conn) {
                          const auto stream = std::string_view(req.path).substr(lalmax_m4s_prefix.size());
                          auto route = httpflv::parse_flv_route("/live/" + std::string(stream) + ".flv", req.query);
                          if (!route) return not_found(conn);
                          play(conn, req, std::move(*route));
                      });
    }
}

void httpflv_service::add_ts_and_hls_routes(http_asio::router& routes, std::size_t w,
                                            const http::response_options& o, outputs which) {
    auto* hls = which.hls;
    const bool ts = which.ts;
    if (ts || hls) {
        // .ts: an HLS segment named next to /<app>/<stream>.m3u8, else HTTP-TS.
        routes.suffix(".ts", {"GET"}, [this, w, hls, ts, o](const http::request& req,
                                                        const std::shared_ptr<httpflv_asio::server_connection>& conn) {
            if (hls) {
                const auto slash = req.path.rfind('/');
                if (hls->serve_segment(req, conn, std::string_view(req.path).substr(slash + 1))) return;
            }
            auto route = ts ? parse_media_route(req, ctx_.cfg.httpts.url_pattern, ".ts")
                                                : lal::result<httpflv::flv_route>(make_error_code(http::errc::route_not_found));
            if (!route) {
                auto not_found = http::error_response(404, o);
                not_found.set("Connection", "keep-alive");
                return conn->respond(std::move(not_found));
            }
            auto player = std::make_shared<httpflv_player>(*this, conn, w, ts_format);
            players_[w].insert(player);
            player->begin(req, std::move(*route));
        });
    }
    if (hls) {
        routes.prefix(ctx_.cfg.hls.url_pattern, {"GET"},
                      [hls, w](const http::request& req, const std::shared_ptr<httpflv_asio::server_connection>& conn) {
                          hls->serve_hls_path(req, conn, w);
                      });
        routes.suffix(".m3u8", {"GET"},
                      [hls, w](const http::request& req, const std::shared_ptr<httpflv_asio::server_connection>& conn) {
                          hls->serve_app_playlist(req, conn, w);
                      });
    }
}

httpflv_service::~httpflv_service() = default;

std::string httpflv_service::listen() {
    if (!https_tls_.error.empty()) return https_tls_.error;
    if (auto e = listen_and_log(acceptor_, "HTTP-FLV", ctx_.cfg.httpflv.addr); !e.empty()) return e;
    if (!https_acceptor_) return {};
    return listen_and_log(*https_acceptor_, "HTTPS", ctx_.cfg.default_http.https_listen_addr);
}

void httpflv_service::start() {
    acceptor_.start([this](std::shared_ptr<httpflv_asio::server_connection> conn, std::size_t worker) {
        on_connection(std::move(conn), worker, false);
    });
    if (!https_acceptor_) return;
    https_acceptor_->start([this](std::shared_ptr<httpflv_asio::server_connection> conn, std::size_t worker) {
        on_connection(std::move(conn), worker, true);
    });
}

void httpflv_service::on_connection(std::shared_ptr<httpflv_asio::server_connection> conn, std::size_t worker,
                                    bool secure) {
    // On worker `worker`'s thread, where the acceptor put the connection.
    if (!admit_connection(ctx_)) {
        LAL_LOG_WARN("[httpflv] refusing {}: {} connections open (limits.max_connections)",
                     endpoint_text(conn->remote_endpoint()), ctx_.cfg.limits.max_connections);
        conn->start(refuse_);
        return;
    }
    connections_[worker].insert(conn);
    conn->start(secure ? https_routes_[worker] : routes_[worker], [this, worker](const auto& c, std::error_code reason,
                                                                             const httpflv_asio::connection_stats& s) {
        if (net::is_tls_handshake_failure(reason)) {
            // Garbage, a plain HTTP client or a stalled handshake on the HTTPS port.
            LAL_LOG_WARN("[https] closing {}: {}", endpoint_text(c->remote_endpoint()), reason.message());
        }
        log_session_end(c->remote_endpoint(), "-", s, reason);
        connection_closed(c, worker);
    });
}

void httpflv_service::connection_closed(const std::shared_ptr<httpflv_asio::server_connection>& conn,
                                        std::size_t worker) {
    if (connections_[worker].erase(conn) > 0) release_connection(ctx_);
}

void httpflv_service::stop(bool abort) {
    acceptor_.close();
    if (https_acceptor_) https_acceptor_->close();
    for (std::size_t w = 0; w < players_.size(); ++w) {
        asio::post(ctx_.loops.context(w), [this, w, abort] {
            auto copy = connections_[w];
            for (auto& c : copy) abort ? c->abort() : c->close();
        });
    }
}

}  // namespace lal::server
