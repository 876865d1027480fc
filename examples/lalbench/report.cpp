// SPDX-License-Identifier: MIT
#include "report.hpp"

#include <cmath>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace lalbench {
namespace {

constexpr double gb = 1e9;

const char* mode_name(mode m) {
    switch (m) {
    case mode::play: return "play";
    case mode::push: return "push";
    case mode::run: return "run";
    case mode::churn: return "churn";
    }
    return "?";
}

double window_seconds(const summary& s) { return s.window_end.at_seconds - s.window_start.at_seconds; }

// Bytes that measure the window: what players received, or for push what was sent.
std::uint64_t window_bytes(const summary& s) {
    if (s.opts->mode == mode::push) return s.window_end.sent_bytes - s.window_start.sent_bytes;
    return s.window_end.bytes - s.window_start.bytes;
}

double per_gb(double cpu, std::uint64_t bytes) { return bytes ? cpu / (static_cast<double>(bytes) / gb) : 0; }

std::optional<double> server_cpu(const summary& s) {
    if (!s.window_start.server || !s.window_end.server) return std::nullopt;
    return s.window_end.server->cpu_seconds - s.window_start.server->cpu_seconds;
}

// The whole machine's busy and softirq CPU seconds in the window.
std::optional<machine_cpu> machine_window(const summary& s) {
    if (!s.window_start.machine || !s.window_end.machine) return std::nullopt;
    return machine_cpu{s.window_end.machine->busy_seconds - s.window_start.machine->busy_seconds,
                       s.window_end.machine->softirq_seconds - s.window_start.machine->softirq_seconds};
}

// Players (or publishers, for push) the expected bitrate is for.
std::size_t receivers(const summary& s) {
    return s.opts->mode == mode::push ? s.opts->publishers : s.opts->players;
}

double ms(std::uint64_t us) { return static_cast<double>(us) / 1000.0; }

std::string rate_text(double bps) {
    if (bps >= 1e9) return fmt::format("{:.2f} Gbit/s", bps / 1e9);
    if (bps >= 1e6) return fmt::format("{:.2f} Mbit/s", bps / 1e6);
    return fmt::format("{:.1f} kbit/s", bps / 1e3);
}

nlohmann::json quantiles(const histogram& h) {
    return {{"count", h.count()},
            {"p50", ms(h.quantile(0.5))},
            {"p90", ms(h.quantile(0.9))},
            {"p99", ms(h.quantile(0.99))},
            {"p999", ms(h.quantile(0.999))},
            {"max", ms(h.max())},
            {"mean", std::round(h.mean()) / 1000.0}};
}

}  // namespace

void print_progress(std::FILE* out, const options& o, const snapshot& now, const snapshot& before) {
    auto dt = std::max(1e-3, now.at_seconds - before.at_seconds);
    std::string line = fmt::format("[{:6.1f}s]", now.at_seconds);
    if (o.mode == mode::churn) {
        line += fmt::format(" churn {}/{} done, {} failed, {:.0f} conn/s", now.players_done, o.players,
                            now.players_failed, static_cast<double>(now.players_done - before.players_done) / dt);
    } else if (o.mode != mode::push) {
        line += fmt::format(" players {} playing, {} connected, {} failed | {}, {:.0f} frames/s, {} frames",
                            now.players_active, now.players_connected, now.players_failed,
                            rate_text(static_cast<double>(now.bytes - before.bytes) * 8 / dt),
                            static_cast<double>(now.frames - before.frames) / dt, now.frames);
    }
    if (now.publishers_started > 0) {
        line += fmt::format(" | publishers {} publishing, {} failed, {} sent", now.publishers_active,
                            now.publishers_failed,
                            rate_text(static_cast<double>(now.sent_bytes - before.sent_bytes) * 8 / dt));
        if (now.skipped_frames) line += fmt::format(", {} frames skipped", now.skipped_frames);
    }
    fmt::print(out, "{}\n", line);
    std::fflush(out);
}

void print_summary(std::FILE* out, const summary& s) {
    const auto& o = *s.opts;
    const auto& e = s.end;
    fmt::print(out, "lalbench {}: {}{}\n", mode_name(o.mode), o.url,
               o.push_url.empty() ? "" : fmt::format(" (publishing to {})", o.push_url));
    if (o.mode == mode::churn) {
        fmt::print(out, "  churn:      {} of {} completed, {} failed in {:.2f} s = {:.0f} connections/s\n",
                   e.players_done, o.players, e.players_failed, s.churn_seconds,
                   s.churn_seconds > 0 ? static_cast<double>(e.players_done) / s.churn_seconds : 0.0);
        fmt::print(out, "  play start: p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms\n", ms(s.play_start.quantile(0.5)),
                   ms(s.play_start.quantile(0.99)), ms(s.play_start.max()));
        fmt::print(out, "  first media: p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms\n",
                   ms(s.first_media.quantile(0.5)), ms(s.first_media.quantile(0.99)), ms(s.first_media.max()));
    } else if (o.mode != mode::push) {
        fmt::print(out, "  players:    {} connected, {} failed (of {}, over {} streams)\n", e.players_connected,
                   e.players_failed, o.players, s.streams);
        fmt::print(out, "  received:   {} bytes, {} frames ({} video, {} stamped)\n", e.bytes, e.frames,
                   e.video_frames, e.stamped_frames);
    }
    auto secs = window_seconds(s);
    auto bytes = window_bytes(s);
    if (secs > 0 && o.mode != mode::churn) {
        auto bps = static_cast<double>(bytes) * 8 / secs;
        std::string expected;
        if (s.media_bitrate_bps > 0) {
            auto want = s.media_bitrate_bps * static_cast<double>(receivers(s));
            expected = fmt::format(" (media {}: {:.1f} %)", rate_text(want), 100.0 * bps / want);
        }
        fmt::print(out, "  window:     {:.1f} s, {} bytes, {}{}\n", secs, bytes, rate_text(bps), expected);
    }
    if (o.mode != mode::push && o.mode != mode::churn) {
        fmt::print(out, "  loss:       {} video frames lost at players that kept up; {} players fell behind "
                        "(latency over {:.0f} ms) and lost {}\n",
                   s.lost, s.lagging_players, o.lag_ms, s.lost_lagging);
        if (s.latency.count()) {
            fmt::print(out,
                       "  latency:    p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, p99.9 {:.2f} ms, max {:.2f} ms "
                       "({} frames)\n",
                       ms(s.latency.quantile(0.5)), ms(s.latency.quantile(0.9)), ms(s.latency.quantile(0.99)),
                       ms(s.latency.quantile(0.999)), ms(s.latency.max()), s.latency.count());
        } else {
            fmt::print(out, "  latency:    no stamped frames in the window (publisher not lalbench?)\n");
        }
    }
    if (e.publishers_started) {
        fmt::print(out, "  publishers: {} connected, {} failed; {} frames, {} bytes sent, {} skipped\n",
                   e.publishers_connected, e.publishers_failed, e.sent_frames, e.sent_bytes, e.skipped_frames);
    }
    auto self = s.window_end.self_cpu - s.window_start.self_cpu;
    fmt::print(out, "  lalbench:   {:.2f} CPU s in the window = {:.3f} s/GB; event loop lag p99 {:.2f} ms, max {:.2f} ms\n",
               self, per_gb(self, bytes), ms(s.loop_lag.quantile(0.99)), ms(s.loop_lag.max()));
    if (auto cpu = server_cpu(s)) {
        fmt::print(out, "  server:     {:.2f} CPU s in the window = {:.3f} s/GB", *cpu, per_gb(*cpu, bytes));
        if (e.server) {
            fmt::print(out, "; peak RSS {} KiB", e.server->hwm_kb);
            if (s.server_baseline && receivers(s)) {
                auto grown = static_cast<double>(e.server->hwm_kb) - static_cast<double>(s.server_baseline->rss_kb);
                fmt::print(out, " ({:.1f} KiB per {} beyond {} KiB before)", grown / static_cast<double>(receivers(s)),
                           o.mode == mode::push ? "publisher" : "player", s.server_baseline->rss_kb);
            }
        }
        fmt::print(out, "\n");
    }
    if (auto m = machine_window(s)) {
        // Work the server's sockets cause on other tasks' clocks (softirq, Nagle's
        // delayed sends on ACK) counts here, not in the server's own CPU.
        fmt::print(out, "  machine:    {:.2f} CPU s in the window = {:.3f} s/GB (softirq {:.3f} s/GB), all cores\n",
                   m->busy_seconds, per_gb(m->busy_seconds, bytes), per_gb(m->softirq_seconds, bytes));
    }
    for (const auto& [what, n] : s.failures) fmt::print(out, "  failed:     {} x {}\n", n, what);
    if (s.interrupted) fmt::print(out, "  interrupted\n");
}

std::string summary_json(const summary& s) {
    const auto& o = *s.opts;
    const auto& e = s.end;
    auto secs = window_seconds(s);
    auto bytes = window_bytes(s);
    nlohmann::json j;
    j["mode"] = mode_name(o.mode);
    j["url"] = o.url;
    if (!o.push_url.empty()) j["push_url"] = o.push_url;
    j["players"] = o.mode == mode::push ? 0 : o.players;
    j["publishers"] = e.publishers_started;
    j["streams"] = s.streams;
    j["threads"] = o.threads;
    j["connected"] = o.mode == mode::push ? e.publishers_connected : e.players_connected;
    j["failed"] = e.players_failed + e.publishers_failed;
    j["bytes"] = e.bytes;
    j["frames"] = e.frames;
    j["video_frames"] = e.video_frames;
    j["stamped_frames"] = e.stamped_frames;
    j["lost_frames"] = s.lost;
    j["lagging_players"] = s.lagging_players;
    j["lost_frames_lagging"] = s.lost_lagging;
    j["sequence_resets"] = s.sequence_resets;
    j["lag_limit_ms"] = o.lag_ms;
    j["latency_ms"] = quantiles(s.latency);
    j["play_start_ms"] = quantiles(s.play_start);
    j["first_media_ms"] = quantiles(s.first_media);
    nlohmann::json w{{"seconds", secs},
                     {"start_unix", s.window_start.unix_seconds},
                     {"end_unix", s.window_end.unix_seconds},
                     {"bytes", bytes},
                     {"frames", s.window_end.frames - s.window_start.frames}};
    w["bitrate_bps"] = secs > 0 ? static_cast<double>(bytes) * 8 / secs : 0.0;
    if (s.media_bitrate_bps > 0) w["expected_bitrate_bps"] = s.media_bitrate_bps * static_cast<double>(receivers(s));
    j["window"] = w;
    auto self = s.window_end.self_cpu - s.window_start.self_cpu;
    j["lalbench_cpu_s"] = self;
    j["lalbench_cpu_s_per_gb"] = per_gb(self, bytes);
    j["lalbench_loop_lag_ms"] = quantiles(s.loop_lag);
    if (auto m = machine_window(s)) {
        j["machine"] = {{"cpu_s", m->busy_seconds}, {"cpu_s_per_gb", per_gb(m->busy_seconds, bytes)},
                        {"softirq_s", m->softirq_seconds}, {"softirq_s_per_gb", per_gb(m->softirq_seconds, bytes)}};
    }
    if (!o.server_pids.empty()) {
        nlohmann::json sv;
        sv["pids"] = o.server_pids;
        if (auto cpu = server_cpu(s)) {
            sv["cpu_s"] = *cpu;
            sv["cpu_s_per_gb"] = per_gb(*cpu, bytes);
        }
        if (e.server) {
            sv["rss_peak_kb"] = e.server->hwm_kb;
            sv["rss_end_kb"] = e.server->rss_kb;
        }
        if (s.server_baseline) sv["rss_baseline_kb"] = s.server_baseline->rss_kb;
        if (e.server && s.server_baseline && receivers(s)) {
            sv["rss_per_receiver_kb"] =
                (static_cast<double>(e.server->hwm_kb) - static_cast<double>(s.server_baseline->rss_kb)) /
                static_cast<double>(receivers(s));
        }
        j["server"] = sv;
    }
    if (e.publishers_started) {
        j["publish"] = {{"connected", e.publishers_connected}, {"failed", e.publishers_failed},
                        {"frames_sent", e.sent_frames},        {"bytes_sent", e.sent_bytes},
                        {"skipped_frames", e.skipped_frames},  {"media_bitrate_bps", s.media_bitrate_bps}};
    }
    if (o.mode == mode::churn) {
        j["churn"] = {{"attempts", e.players_started},
                      {"completed", e.players_done},
                      {"failed", e.players_failed},
                      {"seconds", s.churn_seconds},
                      {"rate_per_s", s.churn_seconds > 0 ? static_cast<double>(e.players_done) / s.churn_seconds : 0.0}};
    }
    j["failures"] = s.failures;
    j["interrupted"] = s.interrupted;
    j["ok"] = s.ok();
    return j.dump();
}

}  // namespace lalbench
