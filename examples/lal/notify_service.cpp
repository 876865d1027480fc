// SPDX-License-Identifier: MIT
#include "notify_service.hpp"

#include <chrono>

#include <asio/post.hpp>
#include <lal/http_asio/client.hpp>
#include <nlohmann/json.hpp>

#include "api_json.hpp"
#include "log.hpp"

namespace lal::server {

using json = nlohmann::json;

namespace {
std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

notify_service::notify_service(server_context& ctx)
    : ctx_(ctx),
      cfg_(ctx.cfg.http_notify),
      tls_(load_client_tls("http_notify.ca_file", cfg_.ca_file)),
      update_timer_(ctx.loops.context(0)) {
    ctx_.sessions.add_listener(*this);
    ctx_.events = this;
    ctx_.notify = &counters_;
}

notify_service::~notify_service() {
    ctx_.sessions.remove_listener(*this);
    if (ctx_.events == this) ctx_.events = nullptr;
}

void notify_service::start() {
    enqueue("on_server_start", cfg_.on_server_start, lal_info_json(ctx_.cfg, ctx_.start_unix_ms).dump());
    send_update();
}

void notify_service::stop(bool) {
    update_timer_.cancel();
    std::lock_guard lock(mutex_);
    stopping_ = true;
}

void notify_service::schedule_update() {
    update_timer_.expires_after(std::chrono::seconds(cfg_.update_interval_sec));
    update_timer_.async_wait([this](std::error_code ec) {
        if (!ec) send_update();
    });
}

void notify_service::send_update() {
    if (cfg_.on_update.empty()) return;
    ctx_.sessions.gather([this](std::vector<lal::hub::session_info> sessions) {
        json body = {{"server_id", ctx_.cfg.server_id},
                     {"groups", stat_groups_json(sessions, ctx_.streams.keys(), unix_ms())}};
        enqueue("on_update", cfg_.on_update, body.dump());
        // Timers belong to worker 0's thread; the gather may finish on another.
        asio::post(ctx_.loops.context(0), [this] {
            bool stopping = false;
            {
                std::lock_guard lock(mutex_);
                stopping = stopping_;
            }
            if (!stopping) schedule_update();
        });
    });
}

void notify_service::on_session_start(const lal::hub::session_info& info) { session_event(info, true); }

void notify_service::on_session_stop(const lal::hub::session_info& info) { session_event(info, false); }

void notify_service::session_event(const lal::hub::session_info& info, bool started) {
    const auto s = ctx_.streams.find(info.key);
    const bool has_in = s && s->live();
    const bool has_out = s && s->subscriber_count() > 0;
    auto body = session_event_json(ctx_.cfg.server_id, info, has_in, has_out).dump();
    if (info.base_type == "PUB") {
        enqueue(started ? "on_pub_start" : "on_pub_stop", started ? cfg_.on_pub_start : cfg_.on_pub_stop,
                std::move(body));
    } else if (info.base_type == "SUB") {
        enqueue(started ? "on_sub_start" : "on_sub_stop", started ? cfg_.on_sub_start : cfg_.on_sub_stop,
                std::move(body));
    } else if (info.base_type == "PULL") {
        enqueue(started ? "on_relay_pull_start" : "on_relay_pull_stop",
                started ? cfg_.on_relay_pull_start : cfg_.on_relay_pull_stop, std::move(body));
    }
}

void notify_service::on_rtmp_connect(const rtmp_connect_info& info) {
    json body = {{"server_id", ctx_.cfg.server_id}, {"session_id", info.session_id},
                 {"remote_addr", info.remote_addr}, {"app", info.app},
                 {"flashVer", info.flash_ver},      {"tcUrl", info.tc_url}};
    enqueue("on_rtmp_connect", cfg_.on_rtmp_connect, body.dump());
}

void notify_service::on_hls_make_ts(const hls_make_ts_info& info) {
    json body = {{"server_id", ctx_.cfg.server_id},
                 {"event", info.event},
                 {"stream_name", info.stream_name},
                 {"cwd", info.cwd},
                 {"ts_file", info.ts_file},
                 {"live_m3u8_file", info.live_m3u8_file},
                 {"record_m3u8_file", info.record_m3u8_file},
                 {"id", info.id},
                 {"duration", info.duration}};
    enqueue("on_hls_make_ts", cfg_.on_hls_make_ts, body.dump());
}

namespace {
/// The body of on_record_open and on_record_close (ours: lal-Go has no such events).
json record_json(const std::string& server_id, const record_file_info& i) {
    return {{"server_id", server_id}, {"app_name", i.app_name}, {"stream_name", i.stream_name},
            {"format", i.format},     {"file", i.file},         {"duration", i.duration},
            {"bytes", i.bytes},       {"error", i.error}};
}
}  // namespace

void notify_service::on_record_open(const record_file_info& info) {
    enqueue("on_record_open", cfg_.on_record_open, record_json(ctx_.cfg.server_id, info).dump());
}

void notify_service::on_record_close(const record_file_info& info) {
    enqueue("on_record_close", cfg_.on_record_close, record_json(ctx_.cfg.server_id, info).dump());
}

void notify_service::enqueue(const char* event, const std::string& url, std::string body) {
    if (url.empty()) return;
    bool start_sending = false;
    std::uint64_t dropped = 0;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        if (queue_.size() >= cfg_.queue_size) {
            dropped = counters_.dropped.fetch_add(1) + 1;
        } else {
            queue_.push_back({event, url, std::move(body)});
            start_sending = !sending_;
            sending_ = true;
        }
    }
    if (dropped != 0) {
        // One line per drop would flood the log while a receiver is down.
        if (dropped == 1 || dropped % 100 == 0) {
            LAL_LOG_WARN("[notify] queue full ({} waiting, http_notify.queue_size): dropped {}, {} dropped so far",
                         cfg_.queue_size, event, dropped);
        }
        return;
    }
    if (start_sending) asio::post(ctx_.loops.context(0), [this] { send_next(); });
}

void notify_service::send_next() {
    pending next;
    {
        std::lock_guard lock(mutex_);
        if (queue_.empty()) {
            sending_ = false;
            return;
        }
        next = std::move(queue_.front());
        queue_.pop_front();
    }
    http_asio::client_request req;
    req.method = "POST";
    req.url = next.url;
    req.body = std::move(next.body);
    req.headers.add("Content-Type", "application/json");
    req.timeout = std::chrono::milliseconds(cfg_.timeout_ms);
    req.max_body_bytes = 64 * 1024;  // the answer is ignored; a receiver may say a little
    req.tls = tls_.context;
    http_asio::fetch(ctx_.loops.context(0).get_executor(), std::move(req),
                     [this, event = std::move(next.event), url = next.url](lal::result<http_asio::client_response> r) {
                         if (!r) {
                             counters_.failed.fetch_add(1);
                             LAL_LOG_WARN("[notify] {} to {} failed: {}", event, url, r.error().message());
                         } else if (r->status < 200 || r->status > 299) {
                             counters_.failed.fetch_add(1);
                             LAL_LOG_WARN("[notify] {} to {}: HTTP {}", event, url, r->status);
                         } else {
                             counters_.sent.fetch_add(1);
                         }
                         send_next();
                     });
}

}  // namespace lal::server
