// SPDX-License-Identifier: MIT
#include "metrics.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <sys/resource.h>

#include "hls_file_writer.hpp"
#include "hook_service.hpp"
#include "notify_service.hpp"
#include "prom_writer.hpp"
#include "record_service.hpp"
#include "server_context.hpp"
#include "service.hpp"

namespace lal::server {

void metrics_collector::on_session_start(const lal::hub::session_info& info) {
    std::lock_guard lock(mutex_);
    ++totals_[{info.protocol, info.base_type}].started;
}

void metrics_collector::on_session_stop(const lal::hub::session_info& info) {
    std::lock_guard lock(mutex_);
    auto& t = totals_[{info.protocol, info.base_type}];
    ++t.ended;
    t.bytes_in += info.read_bytes;
    t.bytes_out += info.wrote_bytes;
    t.write_calls += info.write_calls;
    t.frames_dropped += info.frames_dropped;
    t.slow_closes += info.slow_closed ? 1 : 0;
}

metrics_collector::table metrics_collector::snapshot() const {
    std::lock_guard lock(mutex_);
    return totals_;
}

namespace {

/// Resident set size in bytes (/proc/self/statm: pages), 0 when unreadable.
double resident_bytes() {
    std::ifstream in("/proc/self/statm");
    std::uint64_t size = 0, resident = 0;
    if (!(in >> size >> resident)) return 0;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double cpu_seconds() {
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
    const auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return tv(u.ru_utime) + tv(u.ru_stime);
}

double open_fds() {
    std::error_code ec;
    double n = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++n;
    }
    return n;
}

}  // namespace

std::string render_metrics(const server_context& ctx, const metrics_collector& ended,
                           const std::vector<lal::hub::session_info>& live, std::size_t max_streams) {
    prom_writer w;
    auto all = ended.snapshot();
    std::map<std::pair<std::string, std::string>, std::uint64_t> open;
    for (const auto& s : live) {
        auto& t = all[{s.protocol, s.base_type}];
        ++open[{s.protocol, s.base_type}];
        t.bytes_in += s.read_bytes;
        t.bytes_out += s.wrote_bytes;
        t.write_calls += s.write_calls;
        t.frames_dropped += s.frames_dropped;
    }
    using get = std::uint64_t (*)(const metrics_collector::totals&);
    const struct {
        const char* name;
        const char* help;
        get value;
        bool players_only = false;
    } per_role[] = {
        {"lal_sessions_started_total", "Sessions started, by protocol and role (PUB, SUB, PULL).",
         [](const metrics_collector::totals& t) { return t.started; }},
        {"lal_bytes_received_total", "Bytes received by sessions, by protocol and role.",
         [](const metrics_collector::totals& t) { return t.bytes_in; }},
        {"lal_bytes_sent_total", "Bytes sent by sessions, by protocol and role.",
         [](const metrics_collector::totals& t) { return t.bytes_out; }},
        {"lal_write_calls_total", "Socket write calls of sessions, by protocol and role.",
         [](const metrics_collector::totals& t) { return t.write_calls; }},
        {"lal_player_frames_dropped_total", "Frames dropped for players that fell behind.",
         [](const metrics_collector::totals& t) { return t.frames_dropped; }, true},
        {"lal_player_slow_closes_total", "Players closed for staying behind (subscriber_queue.slow_close_ms).",
         [](const metrics_collector::totals& t) { return t.slow_closes; }, true},
    };
    w.family("lal_sessions", "gauge", "Sessions open now, by protocol and role (PUB, SUB, PULL).");
    for (const auto& [k, t] : all) {
        const auto it = open.find(k);
        w.sample("lal_sessions", {{"protocol", k.first}, {"role", k.second}},
                 static_cast<double>(it == open.end() ? 0 : it->second));
    }
    for (const auto& f : per_role) {
        w.family(f.name, "counter", f.help);
        for (const auto& [k, t] : all) {
            if (f.players_only && k.second != "SUB") continue;
            w.sample(f.name, {{"protocol", k.first}, {"role", k.second}}, static_cast<double>(f.value(t)));
        }
    }

    // Streams and their players.
    struct stream_row {
        lal::hub::stream_key key;
        std::uint64_t players = 0;
        std::uint32_t in_kbits = 0;
        std::uint64_t transcode_errors = 0;  // as the API group's (api_json.cpp)
        std::uint64_t player_transcode_errors = 0;
    };
    std::map<std::pair<std::string, std::string>, stream_row> streams;
    for (const auto& k : ctx.streams.keys()) streams[{k.app, k.name}].key = k;
    std::uint64_t players = 0;
    for (const auto& s : live) {
        auto& row = streams[{s.key.app, s.key.name}];
        row.key = s.key;
        if (s.base_type == "SUB") {
            ++row.players;
            ++players;
            row.player_transcode_errors = std::max(row.player_transcode_errors, s.transcode_errors);
        } else {
            row.in_kbits = s.read_kbits;
            row.transcode_errors = std::max(row.transcode_errors, s.transcode_errors);
        }
    }
    w.family("lal_streams", "gauge", "Streams with a publisher, a pull or players.");
    w.sample("lal_streams", static_cast<double>(streams.size()));
    w.family("lal_players", "gauge", "Players (subscribers) of all streams.");
    w.sample("lal_players", static_cast<double>(players));
    std::vector<const stream_row*> rows;
    for (const auto& [k, r] : streams) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->players > b->players; });
    const auto listed = std::min(rows.size(), max_streams);
    w.family("lal_streams_unlisted", "gauge", "Streams left out of the per-stream series (only the first ones by players are listed).");
    w.sample("lal_streams_unlisted", static_cast<double>(rows.size() - listed));
    w.family("lal_stream_players", "gauge", "Players of one stream.");
    for (std::size_t i = 0; i < listed; ++i) {
        w.sample("lal_stream_players", {{"app", rows[i]->key.app}, {"stream", rows[i]->key.name}},
                 static_cast<double>(rows[i]->players));
    }
    w.family("lal_stream_in_kbits", "gauge", "Incoming bitrate of one stream (kbit/s over the last second or more).");
    for (std::size_t i = 0; i < listed; ++i) {
        w.sample("lal_stream_in_kbits", {{"app", rows[i]->key.app}, {"stream", rows[i]->key.name}},
                 static_cast<double>(rows[i]->in_kbits));
    }
    w.family("lal_stream_transcode_errors", "gauge",
             "Audio frames of one stream its open sessions' transcoders (WebRTC AAC<->Opus) failed on.");
    for (std::size_t i = 0; i < listed; ++i) {
        w.sample("lal_stream_transcode_errors", {{"app", rows[i]->key.app}, {"stream", rows[i]->key.name}},
                 static_cast<double>(rows[i]->transcode_errors + rows[i]->player_transcode_errors));
    }

    // Connections per service.
    w.family("lal_connections_accepted_total", "counter", "Client connections accepted, by service.");
    for (const auto* s : ctx.services) {
        w.sample("lal_connections_accepted_total", {{"service", s->name()}},
                 static_cast<double>(s->stats().connections_total));
    }
    w.family("lal_connections_open", "gauge", "Client connections open now, by service.");
    for (const auto* s : ctx.services) {
        w.sample("lal_connections_open", {{"service", s->name()}}, static_cast<double>(s->stats().connections_open));
    }

    // Recordings (zero when no recording service runs).
    const auto* rec = ctx.record ? &ctx.record->counters() : nullptr;
    w.family("lal_record_files_total", "counter", "Recording files opened, by format.");
    for (std::size_t i = 0; i < 3; ++i) {
        w.sample("lal_record_files_total", {{"format", record_counters::formats[i]}},
                 rec ? static_cast<double>(rec->files[i].load(std::memory_order_relaxed)) : 0.0);
    }

    // Hooks and notifications (zero when off), then the process (the names
    // Prometheus client libraries use): one sample each.
    const auto load = [](const std::atomic<std::uint64_t>* a) {
        return a ? static_cast<double>(a->load(std::memory_order_relaxed)) : 0.0;
    };
    const auto* h = ctx.hooks;
    const auto* n = ctx.notify;
    const auto* f = ctx.hls_files;
    const struct {
        const char* name;
        const char* type;
        const char* help;
        double value;
    } scalars[] = {
        {"lal_hook_requests_total", "counter", "Publish and play hooks asked.", load(h ? &h->requests : nullptr)},
        {"lal_hook_refusals_total", "counter", "Hooks that refused (another status, or a failure without fail_open).",
         load(h ? &h->refused : nullptr)},
        {"lal_hook_failures_total", "counter", "Hooks not answered: connection error or hooks.timeout_ms.",
         load(h ? &h->failures : nullptr)},
        {"lal_hook_duration_seconds_total", "counter",
         "Time spent waiting for hooks, summed (divide by requests for the mean).",
         load(h ? &h->latency_ms_sum : nullptr) / 1000.0},
        {"lal_notify_sent_total", "counter", "Notifications answered with 2xx.", load(n ? &n->sent : nullptr)},
        {"lal_notify_failed_total", "counter", "Notifications that failed, timed out or got another status.",
         load(n ? &n->failed : nullptr)},
        {"lal_notify_dropped_total", "counter", "Notifications dropped because the queue was full.",
         load(n ? &n->dropped : nullptr)},
        {"lal_hls_file_jobs_total", "counter", "HLS file writes and removals done (hls.out_path).",
         load(f ? &f->done : nullptr)},
        {"lal_hls_file_jobs_dropped_total", "counter",
         "HLS file writes and removals dropped because the writer was behind (slow disk).",
         load(f ? &f->dropped : nullptr)},
        {"lal_record_bytes_total", "counter", "Bytes of the recording files closed.", load(rec ? &rec->bytes : nullptr)},
        {"lal_record_errors_total", "counter", "Recordings stopped by an error (unwritable path, full disk).",
         load(rec ? &rec->errors : nullptr)},
        {"process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", cpu_seconds()},
        {"process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", resident_bytes()},
        {"process_open_fds", "gauge", "Number of open file descriptors.", open_fds()},
        {"process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
         static_cast<double>(ctx.start_unix_ms / 1000)},
    };
    for (const auto& m : scalars) {
        w.family(m.name, m.type, m.help);
        w.sample(m.name, m.value);
    }
    return w.text();
}

}  // namespace lal::server
