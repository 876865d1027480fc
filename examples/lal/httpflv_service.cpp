// SPDX-License-Identifier: MIT
#include "httpflv_service.hpp"

#include <chrono>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv/route.hpp>

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

/// The line every HTTP connection leaves when it ends, a player's or not.
void log_session_end(const asio::ip::tcp::endpoint& remote, std::string_view stream,
                     const httpflv_asio::connection_stats& s, std::error_code reason) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.duration).count();
    LAL_LOG_INFO("[httpflv] session end: remote={} stream={} sent={} received={} duration={}ms reason={}",
                 endpoint_text(remote), stream, s.bytes_written, s.bytes_read, ms,
                 reason ? reason.message() : "closed");
}
}  // namespace

/// One HTTP-FLV player: the bridge between its connection and the hub.
class httpflv_player : public subscriber_sink,
                       public flush_target,
                       public lal::hub::described_session,
                       public std::enable_shared_from_this<httpflv_player> {
public:
    httpflv_player(httpflv_service& service, std::shared_ptr<httpflv_asio::server_connection> conn,
                   std::size_t worker)
        : service_(service),
          conn_(std::move(conn)),
          worker_(worker),
          timer_(conn_->get_executor()),
          admission_timer_(conn_->get_executor()),
          id_(service.ctx_.sessions.next_id("FLVSUB")),
          start_unix_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()) {}

    /// Takes the connection over for the play request `req` (the .flv route).
    void begin(const httpflv::request& req) {
        auto self = shared_from_this();
        conn_->set_closed_handler([self](const auto&, std::error_code reason, const httpflv_asio::connection_stats& s) {
            self->on_closed(s, reason);
        });
        on_request(req);
    }

    // subscriber_sink
    void start() override {
        timer_.cancel();
        waiting_ = false;
        if (!conn_->streaming()) {
            // An HTTP body, or binary WebSocket messages when the request upgraded.
            if (!httpflv_asio::start_flv_stream(*conn_, response_options())) return;
            conn_->send(flv_stream_header());
            conn_->flush();  // the response head at once: the player sees the stream is there
        }
    }
    void stop() override { wait_for_publisher(); }
    void send(const frame& f) override {
        if (conn_->send(f.encoded(service_.ctx_.forms.flv_tag).pieces())) service_.ctx_.writes.on(worker_).request(shared_from_this());
    }
    void flush_now() override { conn_->flush(); }

    // described_session: the session directory, on this worker
    lal::hub::session_info describe() const override {
        lal::hub::session_info i;
        i.id = id_;
        i.protocol = "FLV";
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
        LAL_LOG_INFO("[httpflv] kicking {} ({}): {}", endpoint_text(conn_->remote_endpoint()), id_, reason);
        conn_->close();
    }
    std::size_t queued_bytes() const override { return conn_->bytes_queued(); }
    std::uint64_t written_bytes() const override { return conn_->bytes_written(); }
    void close(std::string_view reason) override {
        player_.slow_closed = true;
        LAL_LOG_WARN("[httpflv] closing player {} of {}: {}", endpoint_text(conn_->remote_endpoint()), key_.str(),
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

    void on_request(const httpflv::request& req) {
        // OPTIONS, 405 and paths that are no stream are the router's answers.
        request_ = req;
        auto route = httpflv::parse_flv_route(request_);
        if (!route) {
            conn_->respond(httpflv::error_response(404, response_options()));
            return;
        }
        key_ = {route->app, route->stream};
        const auto& cfg = service_.ctx_.cfg;
        if (request_.is_head()) {
            auto s = service_.ctx_.streams.find(key_);
            const bool live = s && s->live();
            conn_->respond(live ? httpflv::flv_stream_response(request_, response_options())
                                : httpflv::error_response(404, response_options()));
            return;
        }
        // Asks the hub's admission checks (none: decided at once, inside this
        // call); this connection's timer bounds a later answer by timeouts.handshake_ms.
        admission_request ask{admission_action::play, key_, route->query, "httpflv",
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
            LAL_LOG_WARN("[httpflv] play refused: remote={} stream={}: {}", endpoint_text(conn_->remote_endpoint()),
                         key_.str(), r.reason);
            conn_->respond(httpflv::error_response(403, response_options(), r.reason));
            return;
        }
        LAL_LOG_INFO("[httpflv] play start: remote={} stream={}{}{}", endpoint_text(conn_->remote_endpoint()),
                     key_.str(), query.empty() ? "" : "?", query);
        query_ = query;
        in_directory_ = true;
        service_.ctx_.sessions.add(worker_, *this);
        subscription_ = service_.ctx_.streams.subscribe(key_, *this, service_.ctx_.forms.flv_tag,
                                                        service_.ctx_.cfg.httpflv.gop_num, worker_);
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
};

httpflv_service::httpflv_service(server_context& ctx)
    : ctx_(ctx),
      acceptor_(ctx.loops.context(0), ctx.loops.contexts(), connection_options(ctx.cfg),
                {.on_accept_error = [](std::error_code ec) { LAL_LOG_WARN("[httpflv] accept failed: {}", ec.message()); }}),
      connections_(ctx.loops.size()),
      players_(ctx.loops.size()) {
    http::response_options o;
    o.server = "lal";
    for (std::size_t w = 0; w < ctx.loops.size(); ++w) {
        auto routes = std::make_shared<http_asio::router>(o);
        httpflv_asio::add_flv_route(
            *routes,
            [this, w](const std::shared_ptr<httpflv_asio::server_connection>& conn, const http::request& req,
                      httpflv::flv_route) {
                auto player = std::make_shared<httpflv_player>(*this, conn, w);
                players_[w].insert(player);
                player->begin(req);
            },
            o);
        routes_.push_back(std::move(routes));
    }
    auto refuse = std::make_shared<http_asio::router>(o);
    refuse->prefix("/", {}, [o](const http::request&, const std::shared_ptr<httpflv_asio::server_connection>& c) {
        c->respond(http::error_response(503, o));
    });
    refuse_ = std::move(refuse);
}

httpflv_service::~httpflv_service() = default;

std::string httpflv_service::listen() { return listen_and_log(acceptor_, "HTTP-FLV", ctx_.cfg.httpflv.addr); }

void httpflv_service::start() {
    acceptor_.start([this](std::shared_ptr<httpflv_asio::server_connection> conn, std::size_t worker) {
        on_connection(std::move(conn), worker);
    });
}

void httpflv_service::on_connection(std::shared_ptr<httpflv_asio::server_connection> conn, std::size_t worker) {
    // On worker `worker`'s thread, where the acceptor put the connection.
    if (!admit_connection(ctx_)) {
        LAL_LOG_WARN("[httpflv] refusing {}: {} connections open (limits.max_connections)",
                     endpoint_text(conn->remote_endpoint()), ctx_.cfg.limits.max_connections);
        conn->start(refuse_);
        return;
    }
    connections_[worker].insert(conn);
    conn->start(routes_[worker], [this, worker](const auto& c, std::error_code reason,
                                                const httpflv_asio::connection_stats& s) {
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
    for (std::size_t w = 0; w < players_.size(); ++w) {
        asio::post(ctx_.loops.context(w), [this, w, abort] {
            auto copy = connections_[w];
            for (auto& c : copy) abort ? c->abort() : c->close();
        });
    }
}

}  // namespace lal::server
