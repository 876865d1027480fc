// SPDX-License-Identifier: MIT
#include "rtmp_service.hpp"

#include <chrono>
#include <optional>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/ranges.h>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_input.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/message.hpp>
#include <lal/net/tls_error.hpp>

#include "log.hpp"
#include "media_summary.hpp"
#include "player_record.hpp"
#include "rtsp_sdp.hpp"

namespace lal::server {

namespace ev = rtmp::server_events;

namespace {
rtmp_asio::server_options connection_options(const config& c, const server_tls& tls) {
    rtmp_asio::server_options o;
    o.tls = tls.context;  // RTMPS: the TLS handshake counts against handshake_timeout too
    o.session.chunk_size = c.rtmp.chunk_size;
    o.session.limits.max_message_size = c.limits.max_message_bytes;
    o.handshake_timeout = std::chrono::milliseconds(c.timeouts.handshake_ms);
    // Players' media is flushed by the worker's write_merger; replies to
    // commands still leave at the end of each read.
    o.auto_flush = false;
    return o;
}

std::string with_query(const stream_key& k, const std::string& query) {
    return query.empty() ? k.str() : k.str() + "?" + query;
}
}  // namespace

/// One RTMP connection on the hub: a publisher, a player, or (rarely) both.
class rtmp_peer : public subscriber_sink,
                  public publisher_sink,
                  public flush_target,
                  public lal::hub::described_session,
                  public std::enable_shared_from_this<rtmp_peer> {
public:
    rtmp_peer(rtmp_service& service, std::shared_ptr<rtmp_asio::server_connection> conn, std::size_t worker,
              bool admitted)
        : service_(service),
          conn_(std::move(conn)),
          worker_(worker),
          admitted_(admitted),
          timer_(conn_->get_executor()),
          admission_timer_(conn_->get_executor()),
          id_(service.ctx_.sessions.next_id("RTMPPUBSUB")),
          start_unix_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()) {}

    void begin() {
        rtmp_asio::server_handlers h;
        auto self = shared_from_this();
        h.on_event = [self](const auto&, rtmp::server_event& e) { self->on_event(e); };
        h.on_batch_done = [self](const auto&) {
            if (self->publication_) self->publication_->flush();
        };
        h.on_closed = [self](const auto&, std::error_code reason, const rtmp_asio::connection_stats& s) {
            self->on_closed(reason, s);
        };
        conn_->start(std::move(h));
    }

    void shutdown(bool abort) { abort ? conn_->abort() : conn_->close(); }

    // ---- subscriber_sink: called by the hub on this worker ----
    void start() override {
        timer_.cancel();
        waiting_ = false;
        if (play_pending_) {
            play_pending_ = false;
            conn_->session().accept_play(*play_);
            LAL_LOG_INFO("[rtmp] play start: remote={} stream={}", remote(), with_query(play_key_, play_->query));
            if (!in_event_) conn_->resume();
        } else if (play_ && !closing()) {
            conn_->session().send_publish_notify(play_->stream_id);
            conn_->schedule_flush();
        }
    }
    void stop() override {
        // A closing connection has sent its FIN: writing more fails (EPIPE).
        if (!play_ || closing()) return;
        conn_->session().send_unpublish_notify(play_->stream_id);
        conn_->schedule_flush();
        wait_for_publisher();
    }
    void send(const frame& f) override {
        if (conn_->send_encoded(f.encoded(service_.ctx_.forms.rtmp_chunks).pieces())) {
            service_.ctx_.writes.on(worker_).request(shared_from_this(), f.kind() == media_kind::video);
        }
    }
    std::size_t queued_bytes() const override { return conn_->bytes_queued(); }
    std::uint64_t written_bytes() const override { return conn_->bytes_written(); }
    void close(std::string_view reason) override {
        player_.slow_closed = true;
        LAL_LOG_WARN("[rtmp] closing player {} of {}: {}", remote(), play_key_.str(), reason);
        asio::post(conn_->get_executor(), [self = shared_from_this()] { self->conn_->close(); });
    }

    // ---- described_session: the session directory, on this worker ----
    lal::hub::session_info describe() const override {
        lal::hub::session_info i;
        i.id = id_;
        i.protocol = "RTMP";
        i.base_type = publication_ || !publish_key_.app.empty() ? "PUB" : "SUB";
        i.remote_addr = remote();
        i.key = publish_key_.app.empty() ? play_key_ : publish_key_;
        i.url_param = query_;
        i.url = tc_url_ + "/" + i.key.name + (query_.empty() ? "" : "?" + query_);
        i.start_unix_ms = start_unix_ms_;
        describe_connection(i, conn_->stats());
        player_.describe_into(i, subscription_.get());
        media_.describe_into(i);
        return i;
    }
    void kick(std::string_view reason) override {
        LAL_LOG_INFO("[rtmp] kicking {} ({}): {}", remote(), id_, reason);
        conn_->close();
    }

    // ---- flush_target: the worker's write_merger ----
    void flush_now() override { conn_->flush(); }

    // ---- publisher_sink: may be called from another worker ----
    void kicked(std::string_view reason) override {
        LAL_LOG_WARN("[rtmp] publisher {} of {} replaced: {}", remote(), publish_key_.str(), reason);
        asio::post(conn_->get_executor(), [self = shared_from_this()] {
            self->publication_.reset();
            self->conn_->close();
        });
    }

private:
    std::string remote() const { return endpoint_text(conn_->remote_endpoint()); }
    bool closing() const { return conn_->closing() || !conn_->is_open(); }
    const config& cfg() const { return service_.ctx_.cfg; }

    void on_event(rtmp::server_event& e) {
        in_event_ = true;
        std::visit([this](auto& x) { handle(x); }, e);
        in_event_ = false;
    }

    void handle(ev::connect& c) {
        if (!admitted_) {
            LAL_LOG_WARN("[rtmp] refusing {}: {} connections open (limits.max_connections)", remote(),
                         cfg().limits.max_connections);
            conn_->session().reject_connect("server is full");
            return;
        }
        app_ = c.app;
        tc_url_ = c.tc_url.substr(0, c.tc_url.find('?'));
        if (!c.fourcc_list.empty()) {
            // Enhanced RTMP: the session answers with the FourCCs lal relays.
            LAL_LOG_INFO("[rtmp] {} declares Enhanced RTMP fourCcList [{}]", remote(), fmt::join(c.fourcc_list, ","));
        }
        if (auto* events = service_.ctx_.events) {
            rtmp_connect_info info{id_, remote(), c.app, {}, c.tc_url};
            if (const auto* v = c.command_object.get("flashVer")) {
                if (auto text = v->as_string()) info.flash_ver = std::string(*text);
            }
            events->on_rtmp_connect(info);
        }
        conn_->session().accept_connect();
        // Until it publishes or plays, a session must keep talking: one that
        // goes silent after connect would hold its place forever.
        conn_->set_idle_timeout(std::chrono::milliseconds(cfg().timeouts.handshake_ms));
    }

    void handle(ev::publish& p) {
        auto& session = conn_->session();
        if (publication_ || play_ || admitting_) {
            session.reject_publish(p, rtmp::status::publish_bad_name, "one publish or play per connection");
            return;
        }
        stream_key key{p.app, p.stream_name};
        admit(admission_action::publish, key, p.query, [this, p, key](admission_result r) { on_publish_admitted(p, key, r); });
    }

    /// Asks the hub's admission checks (none: decided at once, inside this call).
    /// A later answer resumes the session, which holds further events meanwhile;
    /// this connection's timer enforces timeouts.handshake_ms on the decision.
    template <class Decided>
    void admit(admission_action action, const stream_key& key, const std::string& query, Decided decided) {
        admitting_ = true;
        admission_request req{action, key, query, "rtmp", remote()};
        auto ticket = service_.ctx_.streams.admit(
            std::move(req), worker_, [weak = weak_from_this(), decided = std::move(decided)](admission_result r) {
                auto self = weak.lock();
                if (!self || self->closing()) return;
                self->admitting_ = false;
                self->admission_timer_.cancel();
                self->ticket_.reset();
                decided(std::move(r));
                if (!self->in_event_) self->conn_->resume();
            });
        if (!ticket) return;
        ticket_ = std::move(ticket);
        admission_timer_.expires_after(std::chrono::milliseconds(cfg().timeouts.handshake_ms));
        admission_timer_.async_wait([t = std::weak_ptr<admission_ticket>(ticket_)](std::error_code ec) {
            auto pending = t.lock();
            if (!ec && pending) pending->expire("no admission decision in time (timeouts.handshake_ms)");
        });
    }

    void on_publish_admitted(const ev::publish& p, const stream_key& key, const admission_result& r) {
        auto& session = conn_->session();
        if (!r.admitted) {
            LAL_LOG_WARN("[rtmp] publish refused: remote={} stream={}: {}", remote(), key.str(), r.reason);
            session.reject_publish(p, rtmp::status::publish_bad_name, r.reason);
            return;
        }
        auto result = service_.ctx_.streams.publish(key, *this, p.query);
        if (!result) {
            LAL_LOG_WARN("[rtmp] publish refused: remote={} stream={}: already publishing", remote(), key.str());
            session.reject_publish(p, rtmp::status::publish_bad_name, "stream " + key.str() + " is already publishing");
            return;
        }
        publication_ = std::move(*result);
        input_.reset();
        g711_announced_.reset();
        publish_key_ = key;
        query_ = p.query;
        session.accept_publish(p);
        enter_directory();
        conn_->set_idle_timeout(std::chrono::milliseconds(cfg().timeouts.publisher_idle_ms));
        LAL_LOG_INFO("[rtmp] publish start: remote={} stream={}", remote(), with_query(key, p.query));
    }

    void handle(ev::play& p) {
        auto& session = conn_->session();
        if (publication_ || play_ || admitting_) {
            session.reject_play(p, rtmp::status::play_failed, "one publish or play per connection");
            return;
        }
        if (p.stream_id != 1) {
            // Shared chunk bytes carry message stream id 1, the id createStream
            // answers first; a player on another stream would need its own copy.
            session.reject_play(p, rtmp::status::play_failed, "play on the first stream of the connection");
            return;
        }
        admit(admission_action::play, {p.app, p.stream_name}, p.query, [this, p](admission_result r) { on_play_admitted(p, r); });
    }

    void on_play_admitted(const ev::play& p, const admission_result& r) {
        if (!r.admitted) {
            LAL_LOG_WARN("[rtmp] play refused: remote={} stream={}/{}: {}", remote(), p.app, p.stream_name, r.reason);
            if (!r.redirect.empty()) {
                conn_->session().redirect_play(p, r.redirect);
            } else {
                conn_->session().reject_play(p, rtmp::status::play_failed, r.reason);
            }
            return;
        }
        play_ = p;
        play_key_ = {p.app, p.stream_name};
        query_ = p.query;
        enter_directory();
        conn_->set_idle_timeout(std::chrono::milliseconds(0));  // players may be silent for long
        play_pending_ = true;
        subscription_ = service_.ctx_.streams.subscribe(play_key_, *this, service_.ctx_.forms.rtmp_chunks,
                                                        cfg().rtmp.gop_num, worker_);
        if (play_pending_) {
            LAL_LOG_INFO("[rtmp] play waits for a publisher: remote={} stream={}", remote(), play_key_.str());
            wait_for_publisher();
        }
    }

    void handle(ev::media& m) { push(m.msg, false); }
    void handle(ev::metadata& m) { push(m.msg, true); }

    void handle(ev::unpublish&) {
        if (!publication_) return;
        publication_->flush();
        publication_.reset();
        leave_directory();
        LAL_LOG_INFO("[rtmp] publish stop: remote={} stream={}", remote(), publish_key_.str());
    }

    void handle(ev::stop_play&) {
        leave_directory();  // first: its final counters still read the subscription
        subscription_.reset();
        timer_.cancel();
    }

    void handle(ev::error& e) {
        LAL_LOG_WARN("[rtmp] peer error: remote={} {}", remote(), e.code.message());
    }

    void push(const rtmp::message& msg, bool is_metadata) {
        if (!publication_) return;
        // AMF3 data, shared objects: not forwarded.
        const auto kind = flv::media_kind_of(msg.type_id, is_metadata);
        if (!kind) return;
        // Converted into the media model once here; every subscriber, form and
        // the cache share the item (its payload slices the message body).
        auto item = input_.convert(*kind, msg.timestamp, msg.body);
        if (item.what == media::media_item::type::frame && !item.config) announce_g711(item);
        media_.note(item);
        publication_->push(std::move(item));
    }

    /// G.711 has no sequence header in FLV: its frames get a config naming the
    /// codec, announced once as a config item, so RTSP players are offered the
    /// audio track (RTMP and FLV forms leave that item out).
    void announce_g711(media::media_item& item) {
        auto config = g711_config(item.frame.codec);
        if (!config) return;
        item.config = item.frame.config = config;
        if (g711_announced_ == config) return;
        g711_announced_ = config;
        media::media_item change;
        change.what = media::media_item::type::config;
        change.frame.kind = media::media_kind::audio;
        change.frame.codec = item.frame.codec;
        change.frame.dts = change.frame.pts = item.frame.dts;
        change.config = config;
        publication_->push(std::move(change));
    }

    /// Listed by the API (and notified) from publish or play start to its end.
    void enter_directory() {
        if (in_directory_) return;
        in_directory_ = true;
        service_.ctx_.sessions.add(worker_, *this);
    }
    void leave_directory() {
        if (!in_directory_) return;
        in_directory_ = false;
        service_.ctx_.sessions.remove(worker_, describe());
    }

    void wait_for_publisher() {
        waiting_ = true;
        timer_.expires_after(std::chrono::milliseconds(cfg().stream.wait_publisher_ms));
        timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || !self->waiting_) return;
            self->on_wait_expired();
        });
    }

    void on_wait_expired() {
        if (play_pending_) {
            play_pending_ = false;
            LAL_LOG_INFO("[rtmp] no publisher for {} within {} ms: StreamNotFound", play_key_.str(),
                         cfg().stream.wait_publisher_ms);
            subscription_.reset();
            conn_->session().reject_play(*play_, rtmp::status::play_stream_not_found,
                                         "no stream " + play_key_.str());
            conn_->resume();
        } else {
            LAL_LOG_INFO("[rtmp] publisher of {} did not come back: closing {}", play_key_.str(), remote());
            conn_->session().send_stream_eof(play_->stream_id);
        }
        conn_->close();
    }

    void on_closed(std::error_code reason, const rtmp_asio::connection_stats& s) {
        timer_.cancel();
        admission_timer_.cancel();
        if (ticket_) ticket_->cancel();
        if (publication_) publication_->flush();
        leave_directory();  // first: its final counters still read the subscription
        publication_.reset();
        subscription_.reset();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.duration).count();
        const char* role = !publish_key_.app.empty() ? "publish" : play_ ? "play" : "-";
        const auto& key = !publish_key_.app.empty() ? publish_key_ : play_key_;
        if (net::is_tls_handshake_failure(reason)) {
            // Garbage, a plain RTMP client or a stalled handshake on the RTMPS port.
            LAL_LOG_WARN("[rtmps] closing {}: {}", remote(), reason.message());
        }
        LAL_LOG_INFO(
            "[{}] session end: remote={} role={} stream={} read={} written={} writes={} duration={}ms reason={}",
            service_.name(), remote(), role, key.app.empty() ? "-" : key.str(), s.bytes_read, s.bytes_written,
            s.write_calls, ms, reason ? reason.message() : "closed");
        if (admitted_) service_.release_connection(service_.ctx_);
        service_.peers_[worker_].erase(shared_from_this());
    }

    rtmp_service& service_;
    std::shared_ptr<rtmp_asio::server_connection> conn_;
    std::size_t worker_;
    bool admitted_;
    asio::steady_timer timer_;
    asio::steady_timer admission_timer_;
    std::shared_ptr<admission_ticket> ticket_;  // a publish or play waiting for admission
    bool admitting_ = false;
    std::string id_;
    std::int64_t start_unix_ms_;
    bool in_directory_ = false;
    mutable player_record player_;
    std::string app_;
    std::string tc_url_;  // without its query
    std::string query_;   // of the publish or play
    media_summary media_;
    bool in_event_ = false;
    // Publishing
    std::shared_ptr<publication> publication_;
    flv::media_input input_;  // the publisher's track configurations
    media::track_config_ptr g711_announced_;
    stream_key publish_key_;
    // Playing
    std::optional<ev::play> play_;
    stream_key play_key_;
    bool play_pending_ = false;
    bool waiting_ = false;
    std::unique_ptr<subscription> subscription_;
};

rtmp_service::rtmp_service(server_context& ctx, bool secure)
    : ctx_(ctx),
      secure_(secure),
      tls_(secure ? load_server_tls("RTMPS", "rtmp.rtmps_cert_file", ctx.cfg.rtmp.rtmps_cert_file,
                                    "rtmp.rtmps_key_file", ctx.cfg.rtmp.rtmps_key_file)
                  : server_tls{}),
      acceptor_(ctx.loops.context(0), ctx.loops.contexts(), connection_options(ctx.cfg, tls_),
                {.on_accept_error = [](std::error_code ec) { LAL_LOG_WARN("[rtmp] accept failed: {}", ec.message()); }}),
      peers_(ctx.loops.size()) {}

rtmp_service::~rtmp_service() = default;

std::string rtmp_service::listen() {
    if (!secure_) return listen_and_log(acceptor_, "RTMP", ctx_.cfg.rtmp.addr);
    if (!tls_.error.empty()) return tls_.error;
    return listen_and_log(acceptor_, "RTMPS", ctx_.cfg.rtmp.rtmps_addr);
}

void rtmp_service::start() {
    acceptor_.start([this](std::shared_ptr<rtmp_asio::server_connection> conn, std::size_t worker) {
        on_connection(std::move(conn), worker);
    });
}

void rtmp_service::on_connection(std::shared_ptr<rtmp_asio::server_connection> conn, std::size_t worker) {
    // On worker `worker`'s thread, where the acceptor put the connection.
    const bool admitted = admit_connection(ctx_);
    auto peer = std::make_shared<rtmp_peer>(*this, std::move(conn), worker, admitted);
    peers_[worker].insert(peer);
    peer->begin();
}

void rtmp_service::stop(bool abort) {
    acceptor_.close();
    shutdown_on_workers(ctx_, peers_, abort);
}

}  // namespace lal::server
