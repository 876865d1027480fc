// SPDX-License-Identifier: MIT
#include "server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <functional>
#include <thread>

#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include "log.hpp"
#include "server_context.hpp"
#include "services.hpp"
#include "stats_reporter.hpp"
#include "rtp_form.hpp"
#include "wire_encoder.hpp"
#include "workers.hpp"

namespace lal::server {

namespace {
std::size_t thread_count(const config& c) {
    if (c.threads != 0) return c.threads;
    const auto cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

std::uint64_t steady_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

hub_options make_hub_options(const config& c) {
    hub_options o;
    o.cache_gops = std::max({c.rtmp.gop_num, c.httpflv.gop_num, c.httpts.enable ? c.httpts.gop_num : 0,
                             c.httpfmp4.enable ? c.httpfmp4.gop_num : 0,
                             c.srt.enable ? c.srt.gop_num : 0});
    o.max_gop_frames = c.rtmp.single_gop_max_frame_num;
    o.replace_publisher = c.stream.replace_publisher;
    o.queue.max_bytes = c.subscriber_queue.max_bytes;
    o.queue.max_ms = c.subscriber_queue.max_ms;
    o.queue.slow_close_ms = c.subscriber_queue.slow_close_ms;
    return o;
}

// rtmp.flush_policy and its thresholds, for every player output (RTMP, HTTP-FLV, RTSP).
flush_policy_options flush_options(const config& c) {
    flush_policy_options o;
    o.adaptive = c.rtmp.flush_policy == "adaptive";
    o.busy_players = c.rtmp.flush_busy_players;
    o.busy_cost = std::chrono::microseconds(c.rtmp.flush_busy_us);
    o.max_hold = std::chrono::milliseconds(c.rtmp.flush_max_hold_ms);
    return o;
}
}  // namespace

struct server::impl {
    explicit impl(config c)
        : cfg(std::move(c)),
          loops(thread_count(cfg)),
          forms(cfg.rtmp.chunk_size,
                cfg.httpts.enable || (cfg.hls.enable && cfg.hls.fragment_format == "ts") || cfg.srt.enable ||
                    cfg.record.enable_mpegts,
                cfg.httpfmp4.enable || (cfg.hls.enable && cfg.hls.fragment_format == "fmp4") ||
                    cfg.record.enable_mp4,
                cfg.rtc.enable ? rtc_max_payload(cfg.rtc.mtu) : 0),
          streams(make_hub_options(cfg), forms.forms, loops.hub_executors(), steady_ms),
          writes(loops.contexts(), std::chrono::milliseconds(cfg.rtmp.merge_write_ms), cfg.log.stats_interval_ms > 0,
                 flush_options(cfg)),
          sessions(loops.hub_executors(), steady_ms),
          ctx{cfg, streams, forms, loops, writes, sessions},
          services(make_services(ctx)) {
        for (const auto& s : services) ctx.services.push_back(s.get());
    }
    ~impl() {
        // Later services may observe the hub or use earlier ones: end them first.
        while (!services.empty()) services.pop_back();
    }

    config cfg;
    workers loops;
    server_forms forms;
    lal::hub::registry streams;
    write_mergers writes;
    lal::hub::session_directory sessions;
    server_context ctx;
    std::vector<std::unique_ptr<service>> services;
};

server::server(config c) : impl_(std::make_unique<impl>(std::move(c))) {
    // HLS segments go out with sendfile(2), which has no MSG_NOSIGNAL: a
    // player that resets must cost an EPIPE on its socket, not the process.
    std::signal(SIGPIPE, SIG_IGN);
}
server::~server() = default;

std::string server::listen() {
    auto& i = *impl_;
    for (auto& s : i.services) {
        if (auto error = s->listen(); !error.empty()) return error;
    }
    return {};
}

int server::run() {
    auto& i = *impl_;
    auto& main_loop = i.loops.context(0);
    asio::signal_set signals(main_loop, SIGINT, SIGTERM);
    asio::steady_timer poll(main_loop);
    stats_reporter stats(main_loop, i.writes, std::chrono::milliseconds(i.cfg.log.stats_interval_ms));
    std::function<void()> wait_for_sessions;
    auto stop_time = std::chrono::steady_clock::time_point::max();
    auto abort_time = std::chrono::steady_clock::time_point::max();
    // After a stop signal: exit as soon as every session has closed, or after a
    // grace period with whatever is still open.
    wait_for_sessions = [&] {
        if (std::chrono::steady_clock::now() >= abort_time) {
            // A peer that neither reads nor closes would hold its graceful close
            // for the whole close timeout: cut the remaining sessions off.
            abort_time = std::chrono::steady_clock::time_point::max();
            for (auto& s : i.services) s->stop(true);
        }
        std::size_t clients_open = 0;
        for (const auto& s : i.services) clients_open += s->open_clients();
        if ((i.ctx.connections.load() == 0 && clients_open == 0) || std::chrono::steady_clock::now() >= stop_time) {
            i.loops.stop();
            return;
        }
        poll.expires_after(std::chrono::milliseconds(20));
        poll.async_wait([&](std::error_code e) {
            if (!e) wait_for_sessions();
        });
    };
    signals.async_wait([&](std::error_code ec, int signo) {
        if (ec) return;
        LAL_LOG_INFO("signal {}: shutting down ({} connection(s) open)", signo, i.ctx.connections.load());
        abort_time = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        stop_time = std::chrono::steady_clock::now() + std::chrono::seconds(6);
        for (auto& s : i.services) s->stop(false);
        stats.stop();
        wait_for_sessions();
    });
    for (auto& s : i.services) s->start();
    if (i.cfg.log.stats_interval_ms > 0) stats.start();
    LAL_LOG_INFO("lal serving with {} thread(s)", i.loops.size());
    i.loops.run();
    for (const auto& s : i.services) {
        const auto st = s->stats();
        LAL_LOG_INFO("[{}] {} connection(s) served, {} still open", s->name(), st.connections_total, st.connections_open);
    }
    LAL_LOG_INFO("lal stopped");
    return 0;
}

}  // namespace lal::server
