// SPDX-License-Identifier: MIT
#include "relay_push.hpp"

#include <algorithm>
#include <chrono>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/message.hpp>
#include <lal/rtmp_asio/client_connection.hpp>

#include "log.hpp"
#include "relay_url.hpp"

namespace lal::server {

/// One stream pushed to one target: a publishing client connection and, while
/// it publishes, a hub subscription whose frames it sends. Reconnects with
/// backoff until ended.
class push_target : public subscriber_sink, public std::enable_shared_from_this<push_target> {
public:
    push_target(relay_worker_context ctx, stream_key key, std::string url)
        : ctx_(ctx),
          key_(std::move(key)),
          url_(std::move(url)),
          timer_(ctx_.io),
          backoff_ms_(cfg().retry_min_ms) {}

    void begin() { connect(); }

    /// Ends for good: unsubscribes and closes politely (FCUnpublish, deleteStream).
    void end() {
        ended_ = true;
        timer_.cancel();
        subscription_.reset();
        if (conn_) conn_->close();
    }

    void release() { subscription_.reset(); }
    bool subscribed() const noexcept { return subscription_ != nullptr; }

    // ---- subscriber_sink: called by the hub on this worker ----
    void start() override {}
    void stop() override {}
    void send(const frame& f) override {
        if (!conn_) return;
        auto body = flv::to_flv_body(f.item());
        if (!body) return;  // nothing RTMP can carry
        rtmp::message m;
        m.type_id = flv::message_type_of(f.kind());
        m.timestamp = static_cast<std::uint32_t>(media::to_ms(f.dts()));
        m.chunk_stream_id = rtmp::default_chunk_stream(m.type_id);
        // The connection's encoder takes one body: the kept header and the data
        // become one buffer again (the cached frame keeps its slices).
        const auto pieces = body->pieces();
        m.body = pieces.size() == 1 ? pieces.front() : lal::payload::adopt(body->flatten());
        // Publishers hand metadata over wrapped in @setDataFrame (what servers,
        // nginx-rtmp included, keep for later players).
        if (f.kind() == media_kind::metadata) m = rtmp::make_set_data_frame(m);
        conn_->send(m);
    }
    std::size_t queued_bytes() const override { return conn_ ? conn_->bytes_queued() : 0; }
    std::uint64_t written_bytes() const override { return conn_ ? conn_->stats().bytes_written : 0; }
    void close(std::string_view reason) override {
        LAL_LOG_WARN("[relay] push of {} to {} falls behind: {}; reconnecting", key_.str(), url_, reason);
        // Not inside the hub's fan-out: the subscription must outlive it.
        asio::post(ctx_.io, [self = shared_from_this()] {
            self->subscription_.reset();
            if (self->conn_) self->conn_->abort();
        });
    }

private:
    const config::relay_push_section& cfg() const { return ctx_.server.cfg.relay_push; }

    void connect() {
        if (ended_) return;
        rtmp_asio::client_options o;
        o.connect_timeout = std::chrono::milliseconds(cfg().connect_timeout_ms);
        // A polite end (FCUnpublish/deleteStream, FIN) gets a second, like sessions at shutdown.
        o.close_timeout = std::chrono::milliseconds(1000);
        o.session.chunk_size = ctx_.server.cfg.rtmp.chunk_size;
        conn_ = std::make_shared<rtmp_asio::client_connection>(ctx_.io.get_executor(), o);
        ctx_.open_clients.fetch_add(1);
        rtmp_asio::client_handlers h;
        std::weak_ptr<push_target> weak = weak_from_this();
        h.on_event = [weak](rtmp::client_event& e) {
            auto self = weak.lock();
            if (self && std::holds_alternative<rtmp::client_events::publish_started>(e)) {
                // Subscribe after this handler: joining sends the catch-up frames at once.
                asio::post(self->ctx_.io, [self] { self->on_published(); });
            }
        };
        // The handler keeps this object alive until the connection reported its end.
        h.on_closed = [self = shared_from_this()](const rtmp_asio::client_result& r) { self->on_closed(r); };
        conn_->start(url_, rtmp::client_role::publish, std::move(h));
    }

    void on_published() {
        if (ended_ || !conn_ || !conn_->publishing()) return;
        LAL_LOG_INFO("[relay] push start: stream={} target={}", key_.str(), url_);
        backoff_ms_ = cfg().retry_min_ms;
        subscription_ = ctx_.server.streams.subscribe(key_, *this, ctx_.server.forms.rtmp_chunks,
                                                      ctx_.server.cfg.rtmp.gop_num, ctx_.worker);
    }

    void on_closed(const rtmp_asio::client_result& r) {
        ctx_.open_clients.fetch_sub(1);
        const bool was_pushing = subscription_ != nullptr;
        subscription_.reset();
        conn_.reset();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.stats.duration).count();
        const auto reason = r.error ? r.description : std::string("closed");
        if (ended_) {
            LAL_LOG_INFO("[relay] push end: stream={} target={} written={} duration={}ms reason={}", key_.str(),
                         url_, r.stats.bytes_written, ms, reason);
            return;
        }
        LAL_LOG_WARN("[relay] push {}: stream={} target={} written={} duration={}ms reason={}; retry in {} ms",
                     was_pushing ? "end" : "failed", key_.str(), url_, r.stats.bytes_written, ms, reason,
                     backoff_ms_);
        timer_.expires_after(std::chrono::milliseconds(backoff_ms_));
        backoff_ms_ = std::min<std::uint64_t>(backoff_ms_ * 2, cfg().retry_max_ms);
        timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (!ec && self) self->connect();
        });
    }

    relay_worker_context ctx_;
    stream_key key_;
    std::string url_;
    asio::steady_timer timer_;
    std::uint64_t backoff_ms_;
    std::shared_ptr<rtmp_asio::client_connection> conn_;
    std::unique_ptr<subscription> subscription_;
    bool ended_ = false;
};

relay_push::relay_push(relay_worker_context ctx) : ctx_(ctx) {
    for (const auto& a : ctx_.server.cfg.relay_push.addr_list) templates_.push_back(relay_url_template(a));
}

relay_push::~relay_push() { release(); }

void relay_push::start(const stream_key& key) {
    if (stopping_ || templates_.empty() || sessions_.count(key)) return;
    auto& targets = sessions_[key];
    for (const auto& t : templates_) {
        auto target = std::make_shared<push_target>(ctx_, key, with_relay_marker(expand_relay_url(t, key)));
        targets.push_back(target);
        target->begin();
    }
}

void relay_push::stop(const stream_key& key) {
    auto it = sessions_.find(key);
    if (it == sessions_.end()) return;
    auto targets = std::move(it->second);
    sessions_.erase(it);
    for (auto& t : targets) t->end();
}

std::size_t relay_push::subscribers_of(const stream_key& key) const {
    auto it = sessions_.find(key);
    if (it == sessions_.end()) return 0;
    return static_cast<std::size_t>(
        std::count_if(it->second.begin(), it->second.end(), [](const auto& t) { return t->subscribed(); }));
}

void relay_push::stop_all() {
    stopping_ = true;
    while (!sessions_.empty()) stop(sessions_.begin()->first);
}

void relay_push::release() {
    for (auto& [key, targets] : sessions_) {
        for (auto& t : targets) t->release();
    }
}

}  // namespace lal::server
