// SPDX-License-Identifier: MIT
#include "relay_pull.hpp"

#include <algorithm>
#include <chrono>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_input.hpp>
#include <lal/httpflv_asio/pull_client.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtsp_asio/pull_client.hpp>

#include "log.hpp"
#include "media_summary.hpp"
#include "relay_push.hpp"
#include "cluster_service.hpp"
#include "relay_url.hpp"

namespace lal::server {

namespace {
/// The API's and the session table's name of the protocol a pull speaks.
const char* pull_protocol(std::string_view url) {
    return is_rtsp_url(url) ? "RTSP" : is_http_url(url) ? "FLV" : "RTMP";
}
std::int64_t ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

/// The pull of one stream: a client connection to the origin (re)made while
/// players want the stream, and the hub publication it feeds once media flows.
class pull_session : public publisher_sink,
                     public lal::hub::described_session,
                     public std::enable_shared_from_this<pull_session> {
public:
    pull_session(relay_pull& owner, stream_key key, std::string url, pull_policy policy)
        : owner_(owner),
          ctx_(owner.ctx_),
          key_(std::move(key)),
          url_(without_user_info(url)),
          connect_url_(std::move(url)),
          policy_(policy),
          id_(ctx_.server.sessions.next_id(std::string(pull_protocol(url_)) + "PULL")),
          created_unix_ms_(unix_ms()),
          retry_timer_(ctx_.io),
          idle_timer_(ctx_.io) {}

    /// Makes every attempt ask `resolve` for the URL first (a cluster lookup):
    /// after a failure the stream may have moved to another origin.
    void set_resolver(resolver fn) { resolve_ = std::move(fn); }

    void begin() {
        connect();
        // A pull the API started may have no player from the start.
        if (!policy_.on_demand) update(owner_.players(key_));
    }

    const std::string& id() const noexcept { return id_; }

    // ---- described_session: on this worker ----
    lal::hub::session_info describe() const override {
        lal::hub::session_info i;
        i.id = id_;
        i.protocol = pull_protocol(url_);
        i.base_type = "PULL";
        i.remote_addr = url_;
        i.key = key_;
        i.url = url_;
        i.start_unix_ms = created_unix_ms_;
        i.read_bytes = read_before_ + (rtmp_   ? rtmp_->stats().bytes_read
                                       : http_ ? http_->bytes_received()
                                       : rtsp_ ? rtsp_->stats().bytes_read
                                               : 0);
        media_.describe_into(i);
        return i;
    }
    void kick(std::string_view reason) override { end(reason); }

    /// Players changed to `players`: arm or cancel the idle stop; after giving
    /// up, a newly arrived player brings a fresh round of attempts.
    void update(std::size_t players) {
        if (ended_) return;
        if (players == 0) {
            if (idle_armed_ || policy_.stop_after_idle_ms < 0) return;
            idle_armed_ = true;
            idle_timer_.expires_after(std::chrono::milliseconds(policy_.stop_after_idle_ms));
            idle_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
                auto self = weak.lock();
                if (ec || !self || self->ended_) return;
                self->idle_armed_ = false;
                if (self->owner_.players(self->key_) == 0) {
                    self->end(self->policy_.on_demand ? "no player for relay_pull.stop_after_idle_ms"
                                                      : "no player for auto_stop_pull_after_no_out_ms");
                }
            });
            return;
        }
        if (idle_armed_) {
            idle_armed_ = false;
            idle_timer_.cancel();
        }
        if (gave_up_) {
            if (players > players_at_give_up_) {
                LAL_LOG_INFO("[relay] pull of {} tried again for a new player", key_.str());
                gave_up_ = false;
                failures_ = 0;
                connect();
            } else {
                players_at_give_up_ = players;
            }
        }
    }

    /// Ends the pull for good and leaves the owner's table.
    void end(std::string_view why) {
        if (ended_) return;
        ended_ = true;
        auto keep = shared_from_this();  // the owner's table may hold the last reference
        LAL_LOG_INFO("[relay] pull stop: stream={} origin={}: {}", key_.str(), url_, why);
        retry_timer_.cancel();
        idle_timer_.cancel();
        unpublish();
        if (rtmp_) rtmp_->close();
        if (http_) http_->stop();
        if (rtsp_) rtsp_->stop();
        owner_.remove(key_, this);
    }

    void release() { publication_.reset(); }

    // ---- publisher_sink ----
    void kicked(std::string_view) override {
        // From the local publisher's worker.
        asio::post(ctx_.io, [self = shared_from_this()] {
            self->publication_.reset();
            self->end("a local publisher took the stream over");
        });
    }
    bool yields_to_local() const noexcept override { return true; }

private:
    const pull_policy& cfg() const { return policy_; }

    static std::int64_t unix_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    void connect() {
        if (ended_) return;
        got_media_ = false;
        started_at_ = std::chrono::steady_clock::now();
        if (resolve_) {
            resolve_([weak = weak_from_this()](std::string url, std::string error) {
                auto self = weak.lock();
                if (!self || self->ended_) return;
                if (url.empty()) {
                    // Retried while players wait: logged when the reason changes.
                    if (error != self->lookup_error_) {
                        LAL_LOG_INFO("[relay] lookup of {} failed: {}", self->key_.str(), error);
                    }
                    self->lookup_error_ = std::move(error);
                    self->after_failure();
                    return;
                }
                self->lookup_error_.clear();
                self->url_ = without_user_info(url);
                self->connect_url_ = std::move(url);
                self->open();
            });
            return;
        }
        open();
    }

    void open() {
        ctx_.open_clients.fetch_add(1);
        if (is_rtsp_url(url_)) {
            connect_rtsp();
        } else if (is_http_url(url_)) {
            connect_http();
        } else {
            connect_rtmp();
        }
    }

    void connect_rtmp() {
        rtmp_asio::client_options o;
        o.connect_timeout = std::chrono::milliseconds(cfg().connect_timeout_ms);
        o.idle_timeout = std::chrono::milliseconds(cfg().read_timeout_ms);
        // A polite end (FCUnpublish/deleteStream, FIN) gets a second, like sessions at shutdown.
        o.close_timeout = std::chrono::milliseconds(1000);
        o.session.limits.max_message_size = ctx_.server.cfg.limits.max_message_bytes;
        rtmp_ = std::make_shared<rtmp_asio::client_connection>(ctx_.io.get_executor(), o);
        rtmp_asio::client_handlers h;
        std::weak_ptr<pull_session> weak = weak_from_this();
        h.on_event = [weak](rtmp::client_event& e) {
            if (auto self = weak.lock()) std::visit([&](auto& x) { self->on_rtmp(x); }, e);
        };
        h.on_closed = [self = shared_from_this()](const rtmp_asio::client_result& r) {
            self->rtmp_.reset();
            self->on_closed(r.error ? r.description : self->ended_ ? "closed" : "closed by the origin",
                            r.stats.bytes_read);
        };
        LAL_LOG_INFO("[relay] pull start: stream={} origin={}", key_.str(), url_);
        rtmp_->start(connect_url_, rtmp::client_role::play, std::move(h));
    }

    void connect_http() {
        httpflv_asio::pull_options o;
        o.connect_timeout = std::chrono::milliseconds(cfg().connect_timeout_ms);
        o.read_timeout = std::chrono::milliseconds(cfg().read_timeout_ms);
        http_ = std::make_shared<httpflv_asio::pull_client>(ctx_.io.get_executor(), o);
        httpflv_asio::pull_handlers h;
        std::weak_ptr<pull_session> weak = weak_from_this();
        h.on_tag = [weak](flv::tag t) {
            if (auto self = weak.lock()) self->on_tag(std::move(t));
        };
        h.on_closed = [self = shared_from_this()](std::error_code ec) {
            const auto received = self->http_ ? self->http_->bytes_received() : 0;
            self->http_.reset();
            self->on_closed(self->ended_ ? "closed" : ec ? ec.message() : "closed by the origin", received);
        };
        LAL_LOG_INFO("[relay] pull start: stream={} origin={}", key_.str(), url_);
        http_->start(connect_url_, std::move(h));
    }

    void connect_rtsp() {
        rtsp_asio::pull_options o;
        o.connect_timeout = std::chrono::milliseconds(cfg().connect_timeout_ms);
        o.read_timeout = std::chrono::milliseconds(cfg().read_timeout_ms);
        o.mode = cfg().rtsp_mode == 1 ? rtsp_asio::transport_mode::udp : rtsp_asio::transport_mode::tcp;
        o.random = static_cast<std::uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        rtsp_ = std::make_shared<rtsp_asio::pull_client>(ctx_.io.get_executor(), o);
        rtsp_asio::pull_handlers h;
        std::weak_ptr<pull_session> weak = weak_from_this();
        // Frames arrive as items already (lal::media::frame_input inside the client).
        h.on_item = [weak](media::media_item item) {
            if (auto self = weak.lock()) self->on_item(std::move(item));
        };
        h.on_closed = [self = shared_from_this()](std::error_code ec) {
            const auto st = self->rtsp_ ? self->rtsp_->stats() : rtsp_asio::pull_stats{};
            const auto received = st.bytes_read;
            // What the network cost (UDP loss shows here): frames with a lost packet are never published.
            LAL_LOG_INFO("[relay] rtsp pull stats: stream={} frames={} lost_packets={} broken_frames={} "
                         "skipped_frames={}",
                         self->key_.str(), st.frames, st.lost_packets, st.broken_frames, st.skipped_frames);
            self->rtsp_.reset();
            self->on_closed(self->ended_ ? "closed" : ec.message(), received);
        };
        LAL_LOG_INFO("[relay] pull start: stream={} origin={} rtsp_mode={}", key_.str(), url_,
                     o.mode == rtsp_asio::transport_mode::udp ? "udp" : "tcp");
        rtsp_->start(connect_url_, std::move(h));
    }

    // ---- RTMP events ----
    void on_rtmp(rtmp::client_events::media& m) {
        // AMF3 data, shared objects: not forwarded (like the RTMP service).
        const auto kind = flv::media_kind_of(m.msg.type_id, false);
        if (!kind) return;
        on_media(*kind, m.msg.timestamp, std::move(m.msg.body));
    }
    void on_rtmp(rtmp::client_events::metadata& m) {
        on_media(media_kind::metadata, m.msg.timestamp, std::move(m.msg.body));
    }
    void on_rtmp(rtmp::client_events::status& s) {
        // The origin's publisher left: players here wait for it like for a local one.
        if (s.code == rtmp::status::play_unpublish_notify) origin_unpublished();
    }
    void on_rtmp(rtmp::client_events::stream_eof&) { origin_unpublished(); }

    void origin_unpublished() {
        unpublish();
        // In a cluster the publisher may come back on another origin: look it up again.
        if (resolve_ && rtmp_) rtmp_->close();
    }
    template <class Other>
    void on_rtmp(Other&) {}

    // ---- HTTP-FLV tags (FLV spec E.4.1: tag types 8, 9, 18) ----
    void on_tag(flv::tag t) {
        switch (t.type) {
            case flv::tag_type::audio: on_media(media_kind::audio, t.timestamp, std::move(t.data)); break;
            case flv::tag_type::video: on_media(media_kind::video, t.timestamp, std::move(t.data)); break;
            case flv::tag_type::script: {
                rtmp::message m;
                m.type_id = rtmp::message_type::data_amf0;
                m.body = std::move(t.data);
                if (auto plain = rtmp::strip_set_data_frame(m)) m = std::move(*plain);
                const auto kind = rtmp::is_metadata(m) ? media_kind::metadata : media_kind::data;
                on_media(kind, t.timestamp, std::move(m.body));
                break;
            }
        }
    }

    void on_media(media_kind kind, std::uint32_t timestamp, lal::payload body) {
        if (ended_) return;
        // Converted into the media model once, as it enters.
        on_item(input_.convert(kind, timestamp, body));
    }

    void on_item(media::media_item item) {
        if (ended_) return;
        if (!publication_) {
            // Published on the first message, not at play start: an origin such as
            // nginx-rtmp starts any play at once, stream or not.
            auto r = ctx_.server.streams.publish(key_, *this);
            if (!r) {
                end("the stream is published here");
                return;
            }
            publication_ = std::move(*r);
            input_.reset();
            ctx_.server.sessions.add(ctx_.worker, *this);
            got_media_ = true;
            failures_ = 0;
            LAL_LOG_INFO("[relay] pull publishing: stream={} origin={} after {} ms", key_.str(), url_,
                         ms_since(started_at_));
        }
        media_.note(item);
        publication_->push(std::move(item));
        if (!flush_posted_) {
            // One hand-over per batch of messages read together.
            flush_posted_ = true;
            asio::post(ctx_.io, [weak = weak_from_this()] {
                auto self = weak.lock();
                if (!self) return;
                self->flush_posted_ = false;
                if (self->publication_) self->publication_->flush();
            });
        }
    }

    void unpublish() {
        if (!publication_) return;
        publication_->flush();
        publication_.reset();
        ctx_.server.sessions.remove(ctx_.worker, describe());
        LAL_LOG_INFO("[relay] pull unpublished: stream={} origin={}", key_.str(), url_);
    }

    void on_closed(const std::string& reason, std::uint64_t bytes_read) {
        ctx_.open_clients.fetch_sub(1);
        unpublish();
        read_before_ += bytes_read;
        LAL_LOG_INFO("[relay] pull session end: stream={} origin={} read={} duration={}ms reason={}", key_.str(),
                     url_, bytes_read, ms_since(started_at_), reason);
        after_failure();
    }

    /// After an attempt ended: end, give up for now, or try again later.
    void after_failure() {
        if (ended_) return;
        const auto players = owner_.players(key_);
        if (players == 0 && policy_.on_demand) {
            end("no player left");
            return;
        }
        if (got_media_) failures_ = 0;
        if (!policy_.on_demand && policy_.retry_num >= 0 && ++failures_ > policy_.retry_num) {
            end("pull_retry_num attempts failed");
            return;
        }
        if (policy_.on_demand && policy_.retry_num >= 0 && ++failures_ > policy_.retry_num) {
            LAL_LOG_WARN("[relay] pull of {} from {} failed {} time(s): giving up until a new player comes",
                         key_.str(), url_, failures_);
            gave_up_ = true;
            players_at_give_up_ = players;
            return;
        }
        retry_timer_.expires_after(std::chrono::milliseconds(cfg().retry_interval_ms));
        retry_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (!ec && self) self->connect();
        });
    }

    relay_pull& owner_;
    relay_worker_context ctx_;
    resolver resolve_;
    std::string lookup_error_;  // the last lookup's failure, logged once
    stream_key key_;
    std::string url_;          // as logged and shown by the API: without user:password@
    std::string connect_url_;  // as configured, credentials included
    pull_policy policy_;
    std::string id_;
    std::int64_t created_unix_ms_;
    media_summary media_;
    std::uint64_t read_before_ = 0;  // bytes of earlier connections
    asio::steady_timer retry_timer_;
    asio::steady_timer idle_timer_;
    std::shared_ptr<rtmp_asio::client_connection> rtmp_;
    std::shared_ptr<httpflv_asio::pull_client> http_;
    std::shared_ptr<rtsp_asio::pull_client> rtsp_;
    std::shared_ptr<publication> publication_;
    flv::media_input input_;  // the origin's track configurations
    std::chrono::steady_clock::time_point started_at_{};
    std::uint32_t failures_ = 0;
    std::size_t players_at_give_up_ = 0;
    bool gave_up_ = false;
    bool got_media_ = false;
    bool idle_armed_ = false;
    bool flush_posted_ = false;
    bool ended_ = false;
};

relay_pull::relay_pull(relay_worker_context ctx, const relay_push& push)
    : ctx_(ctx), push_(push), template_(relay_url_template(ctx.server.cfg.relay_pull.addr)) {}

relay_pull::~relay_pull() { release(); }

std::size_t relay_pull::players(const stream_key& key) const {
    auto s = ctx_.server.streams.find(key);
    if (!s) return 0;
    const auto all = s->subscriber_count();
    const auto pushes = push_.subscribers_of(key);
    return all > pushes ? all - pushes : 0;
}

void relay_pull::update(const stream_key& key) {
    if (stopping_) return;
    const auto n = players(key);
    auto it = pulls_.find(key);
    if (it != pulls_.end()) {
        it->second->update(n);
        return;
    }
    auto* cluster = ctx_.server.cfg.cluster.lookup ? ctx_.server.cluster : nullptr;
    if (n == 0 || (!ctx_.server.cfg.relay_pull.enable && !cluster)) return;
    if (auto s = ctx_.server.streams.find(key); s && s->live()) return;
    const auto& c = ctx_.server.cfg.relay_pull;
    pull_policy policy{true, c.connect_timeout_ms, c.read_timeout_ms, c.retry_num, c.retry_interval_ms,
                       c.stop_after_idle_ms, static_cast<int>(c.rtsp_mode)};
    std::shared_ptr<pull_session> session;
    if (cluster) {
        // The owner comes from the registry at each attempt; players wait
        // (stream.wait_publisher_ms) while the stream is nowhere, or moves.
        policy.retry_num = -1;
        session = std::make_shared<pull_session>(*this, key, "rtmp://(cluster lookup)/" + key.str(), policy);
        session->set_resolver([cluster, key, worker = ctx_.worker](auto done) {
            cluster->lookup(key, worker, std::move(done));
        });
    } else {
        session = std::make_shared<pull_session>(*this, key, expand_relay_url(template_, key), policy);
    }
    pulls_.emplace(key, session);
    session->begin();
}

lal::result<std::string> relay_pull::start(const stream_key& key, const std::string& url, const pull_policy& policy,
                                           std::string& error) {
    const auto refused = std::make_error_code(std::errc::operation_not_permitted);
    if (stopping_) {
        error = "the server stops";
        return refused;
    }
    if (pulls_.count(key) != 0) {
        error = "stream " + key.str() + " is already pulled";
        return refused;
    }
    if (auto s = ctx_.server.streams.find(key); s && s->live()) {
        error = "stream " + key.str() + " is published here";
        return refused;
    }
    auto session = std::make_shared<pull_session>(*this, key, url, policy);
    pulls_.emplace(key, session);
    session->begin();
    return session->id();
}

std::vector<std::string> relay_pull::stop(const std::string& name) {
    std::vector<std::shared_ptr<pull_session>> found;
    for (auto& [key, session] : pulls_) {
        if (key.name == name) found.push_back(session);
    }
    std::vector<std::string> ids;
    for (auto& s : found) {
        ids.push_back(s->id());
        s->end("stopped through the HTTP API");
    }
    return ids;
}

void relay_pull::remove(const stream_key& key, const pull_session* which) {
    auto it = pulls_.find(key);
    if (it != pulls_.end() && it->second.get() == which) pulls_.erase(it);
}

void relay_pull::stop_all() {
    stopping_ = true;
    while (!pulls_.empty()) {
        const auto key = pulls_.begin()->first;
        auto session = pulls_.begin()->second;
        session->end("the server stops");
        pulls_.erase(key);  // end() normally did; an ended session may linger
    }
}

void relay_pull::release() {
    for (auto& [key, session] : pulls_) session->release();
}

}  // namespace lal::server
