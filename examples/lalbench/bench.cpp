// SPDX-License-Identifier: MIT
// The run itself: workers, ramp-up, phases, the measured window, the summary.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/core.h>

#include <lal/httpflv/url.hpp>
#include <lal/rtmp_asio/url.hpp>

#include "media_file.hpp"
#include "options.hpp"
#include "player.hpp"
#include "proc_stats.hpp"
#include "publisher.hpp"
#include "rtsp_player.hpp"
#ifdef LALBENCH_HAVE_SRT
#include "srt_player.hpp"
#endif
#ifdef LALBENCH_HAVE_WHEP
#include "whep_sdp.hpp"
#endif
#ifdef LALBENCH_HAVE_MOQ
#include "moq_player.hpp"
#endif
#include "report.hpp"
#include "worker.hpp"

namespace lalbench {
namespace {

constexpr const char* tool = "lalbench";
constexpr std::chrono::milliseconds tick{10};
// How long to wait for the last players' outcome after the ramp, beyond the connect timeout.
constexpr double settle_margin_s = 1;

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) { interrupted.store(true); }

bool has_index(std::string_view text) { return text.find("{i}") != std::string_view::npos; }

std::string expand(std::string_view text, std::size_t i) {
    std::string out;
    auto index = std::to_string(i);
    for (std::size_t pos = 0;;) {
        auto at = text.find("{i}", pos);
        out.append(text.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
        if (at == std::string_view::npos) return out;
        out += index;
        pos = at + 3;
    }
}

// More connections than the default soft limit of 1024 descriptors need it raised.
void raise_descriptor_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

std::optional<asio::ip::tcp::endpoint> resolve(const std::string& host, std::uint16_t port, std::string& error) {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    std::error_code ec;
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty()) {
        error = fmt::format("cannot resolve {}: {}", host, ec ? ec.message() : "no address");
        return std::nullopt;
    }
    // Prefer IPv4, as servers often listen there only.
    for (const auto& r : results) {
        if (r.endpoint().address().is_v4()) return r.endpoint();
    }
    return results.begin()->endpoint();
}

class controller {
public:
    explicit controller(const options& o) : o_(o) {}

    int run() {
        if (auto code = prepare()) return *code;
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        t0_ = clock_type::now();
        last_print_ = take();
        for (auto& w : workers_) w->start();

        if (publishers_ > 0) start_publishers();
        if (o_.mode == mode::push) {
            measure();
        } else if (o_.mode == mode::churn) {
            churn();
        } else {
            start_players();
            wait_seconds(o_.warmup);
            measure();
        }
        return finish();
    }

private:
    std::FILE* out() const { return o_.json ? stderr : stdout; }

    std::optional<int> prepare() {
        raise_descriptor_limit();
        publishers_ = o_.mode == mode::push ? o_.publishers
                      : (o_.mode == mode::run || !o_.input.empty()) ? std::max<std::size_t>(o_.publishers, 1)
                                                                     : 0;
        if (o_.mode == mode::run && o_.input.empty()) return usage("run needs --push-input");
        if (publishers_ > 0) {
            std::string error;
            auto m = load_media_file(o_.input, error);
            if (!m) return failure(fmt::format("{}: {}", o_.input, error));
            media_ = std::move(*m);
            if (media_.stamped_frames == 0) {
                fmt::print(stderr, "{}: warning: {} has no AVC frames to stamp: no latency or loss figures\n", tool,
                           o_.input);
            }
            const auto& push = o_.mode == mode::push || o_.push_url.empty() ? o_.url : o_.push_url;
            if (publishers_ > 1 && !has_index(push)) return usage("several publishers need {i} in the publish URL");
            for (std::size_t i = 0; i < publishers_; ++i) {
                auto u = lal::rtmp_asio::parse_rtmp_url(expand(push, i));
                if (!u) return usage(fmt::format("bad publish URL '{}': {}", expand(push, i), u.error().message()));
                push_urls_.push_back(*u);
            }
            std::string resolve_error;
            auto ep = resolve(push_urls_[0].host, push_urls_[0].port, resolve_error);
            if (!ep) return failure(resolve_error);
        }
        if (o_.mode != mode::push) {
            streams_ = o_.streams;
            if (streams_ == 0) {
                if (publishers_ > 0) streams_ = publishers_;
                else if (has_index(o_.url) && o_.mode == mode::play) streams_ = o_.players;
                else streams_ = 1;
            }
            if (streams_ > 1 && !has_index(o_.url)) return usage("several streams need {i} in the URL");
            for (std::size_t i = 0; i < streams_; ++i) {
                auto text = expand(o_.url, i);
                player_target t;
                const bool ws = text.starts_with("ws://");
                if (text.starts_with("whep://") || (o_.whep && text.starts_with("http://"))) {
#ifdef LALBENCH_HAVE_WHEP
                    t.whep_http = !text.starts_with("whep://");
                    if (!parse_whep_target(text, t.whep_http))
                        return usage(fmt::format("bad URL '{}' (whep://host:http_port/app/stream, or --whep "
                                                 "http://host:port/path)", text));
                    t.whep = text;
                    t.is_whep = true;
#else
                    return usage("this lalbench was built without lal::webrtc_transport: no WHEP players");
#endif
                } else if (text.starts_with("moq://")) {
#ifdef LALBENCH_HAVE_MOQ
                    if (!parse_moq_target(text))
                        return usage(fmt::format("bad URL '{}' (moq://host:quic_port/app/stream)", text));
                    t.moq = text;
                    t.is_moq = true;
#else
                    return usage("this lalbench was built without lal::quic: no MoQT players");
#endif
                } else if (text.starts_with("srt://")) {
#ifdef LALBENCH_HAVE_SRT
                    if (!parse_srt_target(text)) return usage(fmt::format("bad URL '{}' (srt://host:port?streamid=ID or srt://host:port/app/stream)", text));
                    t.srt = text;
                    t.is_srt = true;
#else
                    return usage("this lalbench was built without libsrt: no SRT players");
#endif
                } else if (text.starts_with("rtsp://")) {
                    if (!parse_rtsp_target(text)) return usage(fmt::format("bad URL '{}'", text));
                    t.rtsp = text;
                    t.is_rtsp = true;
                } else if (text.starts_with("http://") || ws) {
                    // ws:// is the same URL with a WebSocket upgrade (RFC 6455 4.1).
                    auto u = lal::httpflv::parse_url(ws ? "http://" + text.substr(5) : text);
                    if (!u) return usage(fmt::format("bad URL '{}': {}", text, u.error().message()));
                    t.http = *u;
                    t.is_http = true;
                    t.websocket = ws;
                } else {
                    auto u = lal::rtmp_asio::parse_rtmp_url(text);
                    if (!u) return usage(fmt::format("bad URL '{}': {}", text, u.error().message()));
                    t.rtmp = *u;
                }
                targets_.push_back(std::move(t));
            }
            const auto& t = targets_[0];
            std::string error;
            auto rtsp = t.is_rtsp ? parse_rtsp_target(t.rtsp) : std::nullopt;
#ifdef LALBENCH_HAVE_SRT
            // An SRT player uses the resolved address and port for UDP.
            auto srt = t.is_srt ? parse_srt_target(t.srt) : std::nullopt;
            auto ep = srt         ? resolve(srt->host, srt->port, error)
                      : rtsp      ? resolve(rtsp->host, rtsp->port, error)
#else
            auto ep = rtsp        ? resolve(rtsp->host, rtsp->port, error)
#endif
                      : t.is_http ? resolve(t.http.host, t.http.port, error)
                                  : resolve(t.rtmp.host, t.rtmp.port, error);
#ifdef LALBENCH_HAVE_MOQ
            // A MoQT player uses the resolved address and port for UDP (QUIC).
            if (auto moq = t.is_moq ? parse_moq_target(t.moq) : std::nullopt) ep = resolve(moq->host, moq->port, error);
#endif
#ifdef LALBENCH_HAVE_WHEP
            // A WHEP player's TCP endpoint is the HTTP server it POSTs to.
            if (auto whep = t.is_whep ? parse_whep_target(t.whep, t.whep_http) : std::nullopt)
                ep = resolve(whep->host, whep->port, error);
#endif
            if (!ep) return failure(error);
            player_settings_.endpoint = *ep;
        }
        auto ms = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); };
        player_settings_.connect_timeout = ms(o_.connect_timeout);
        player_settings_.idle_timeout = ms(o_.idle_timeout);
        player_settings_.lag_limit_us = static_cast<std::uint64_t>(o_.lag_ms * 1000);
        player_settings_.churn = o_.mode == mode::churn;
        player_settings_.churn_until_start = o_.churn_until_start;
        publisher_settings_.connect_timeout = ms(o_.connect_timeout);
        for (std::size_t i = 0; i < std::max<std::size_t>(1, o_.threads); ++i) {
            workers_.push_back(std::make_unique<worker>());
        }
        return std::nullopt;
    }

    static int usage(const std::string& text) {
        fmt::print(stderr, "{}: {}\n", tool, text);
        return 2;
    }
    static int failure(const std::string& text) {
        fmt::print(stderr, "{}: {}\n", tool, text);
        return 1;
    }

    double since_start() const { return std::chrono::duration<double>(clock_type::now() - t0_).count(); }

    snapshot take() const {
        snapshot s;
        s.at_seconds = since_start();
        s.unix_seconds = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
        auto get = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
        for (const auto& w : workers_) {
            auto& c = w->live();
            s.players_started += get(c.players_started);
            s.players_connected += get(c.players_connected);
            s.players_active += get(c.players_active);
            s.players_failed += get(c.players_failed);
            s.players_done += get(c.players_done);
            s.bytes += get(c.bytes);
            s.frames += get(c.frames);
            s.video_frames += get(c.video_frames);
            s.stamped_frames += get(c.stamped_frames);
            s.publishers_started += get(c.publishers_started);
            s.publishers_connected += get(c.publishers_connected);
            s.publishers_active += get(c.publishers_active);
            s.publishers_failed += get(c.publishers_failed);
            s.sent_frames += get(c.sent_frames);
            s.sent_bytes += get(c.sent_bytes);
            s.skipped_frames += get(c.skipped_frames);
        }
        s.self_cpu = self_cpu_seconds();
        s.machine = sample_machine_cpu();
        if (!o_.server_pids.empty()) s.server = sample_processes(o_.server_pids);
        return s;
    }

    // One controller step: sleep a tick, print the progress line each second.
    void step() {
        std::this_thread::sleep_for(tick);
        if (since_start() - last_print_.at_seconds >= 1.0) {
            auto now = take();
            if (!o_.quiet) print_progress(out(), o_, now, last_print_);
            last_print_ = now;
        }
    }

    // Steps until `done` holds, the run is interrupted or `seconds` pass.
    template <class Done>
    void wait_until(Done done, double seconds) {
        auto end = since_start() + seconds;
        while (!interrupted.load() && !done() && since_start() < end) step();
    }
    void wait_seconds(double seconds) {
        wait_until([] { return false; }, seconds);
    }

    // Starts `count` clients at o_.rate per second, spread over the workers.
    void ramp(std::size_t count, std::function<void(worker&, std::size_t)> fn) {
        // Shared, since the posted starts may run after ramp() returned.
        auto start_one = std::make_shared<std::function<void(worker&, std::size_t)>>(std::move(fn));
        auto begin = since_start();
        std::size_t started = 0;
        while (started < count && !interrupted.load()) {
            auto due = count;
            if (o_.rate > 0) {
                due = std::min(count, static_cast<std::size_t>((since_start() - begin) * o_.rate) + 1);
            }
            for (; started < due; ++started) {
                auto& w = *workers_[started % workers_.size()];
                asio::post(w.io(), [&w, started, start_one] { (*start_one)(w, started); });
            }
            if (started < count) step();
        }
    }

    void start_publishers() {
        ramp(publishers_, [this](worker& w, std::size_t i) {
            auto p = std::make_shared<publisher>(w, publisher_settings_, media_, push_urls_[i]);
            w.add(p);
            p->start();
        });
        wait_until(
            [this] {
                auto s = take();
                return s.publishers_connected + s.publishers_failed >= publishers_;
            },
            o_.connect_timeout + settle_margin_s);
        if (o_.mode != mode::push) wait_seconds(o_.publish_warmup);
    }

    void start_players() {
        if (!o_.server_pids.empty()) baseline_ = sample_processes(o_.server_pids);
        ramp(o_.players, [this](worker& w, std::size_t i) {
            auto p = make_player(w, player_settings_, targets_[i % targets_.size()]);
            w.add(p);
            p->start();
        });
        wait_until(
            [this] {
                auto s = take();
                return s.players_connected + s.players_failed >= o_.players;
            },
            o_.connect_timeout + settle_margin_s);
    }

    void measure() {
        window_start_ = take();
        for (auto& w : workers_) w->set_measuring(true);
        wait_seconds(o_.seconds);
        for (auto& w : workers_) w->set_measuring(false);
        window_end_ = take();
    }

    // Per worker: its share of the connections, of the concurrency and of
    // the rate; a connection that ends, or the pacing timer, starts the next.
    struct churn_share {
        worker* w = nullptr;
        std::size_t remaining = 0;
        std::size_t next = 0;  // index of the next connection, for the stream it plays
        std::size_t step = 1;  // indexes of this worker: next, next + step, ...
        std::size_t in_flight = 0;
        std::size_t max_in_flight = 1;
        std::size_t started = 0;
        double rate = 0;  // connections started per second; 0: as fast as max_in_flight allows
        clock_type::time_point begin{};
        std::unique_ptr<asio::steady_timer> pacer;
        bool pacer_armed = false;
    };

    // Starts connections while the share has room and, with a rate, while
    // they are due; otherwise waits for an end or for the next one's time.
    void churn_fill(churn_share& c) {
        while (c.remaining > 0 && c.in_flight < c.max_in_flight) {
            if (c.rate > 0) {
                auto due = c.begin + std::chrono::duration_cast<clock_type::duration>(
                                         std::chrono::duration<double>(static_cast<double>(c.started) / c.rate));
                if (due > clock_type::now()) {
                    if (!c.pacer_armed) {
                        c.pacer_armed = true;
                        c.pacer->expires_at(due);
                        c.pacer->async_wait([this, &c](const asio::error_code& ec) {
                            c.pacer_armed = false;
                            if (!ec) churn_fill(c);
                        });
                    }
                    return;
                }
            }
            --c.remaining;
            ++c.in_flight;
            ++c.started;
            auto p = make_player(*c.w, player_settings_, targets_[c.next % targets_.size()]);
            c.next += c.step;
            p->on_end([this, &c] {
                --c.in_flight;
                churn_fill(c);
            });
            c.w->add(p);
            p->start();
        }
    }

    void churn() {
        if (!o_.server_pids.empty()) baseline_ = sample_processes(o_.server_pids);
        auto n = workers_.size();
        shares_.resize(n);
        window_start_ = take();
        auto begin = clock_type::now();
        for (std::size_t i = 0; i < n; ++i) {
            auto& c = shares_[i];
            c.w = workers_[i].get();
            c.remaining = o_.players / n + (i < o_.players % n ? 1 : 0);
            c.next = i;
            c.step = n;
            c.max_in_flight = std::max<std::size_t>(1, o_.concurrency / n + (i < o_.concurrency % n ? 1 : 0));
            c.rate = o_.rate / static_cast<double>(n);
            c.begin = begin;
            c.pacer = std::make_unique<asio::steady_timer>(c.w->io());
            asio::post(c.w->io(), [this, &c] { churn_fill(c); });
        }
        wait_until(
            [this] {
                auto s = take();
                return s.players_done + s.players_failed >= o_.players;
            },
            1e9);
        churn_seconds_ = std::chrono::duration<double>(clock_type::now() - begin).count();
        window_end_ = take();
        for (auto& c : shares_) {
            asio::post(c.w->io(), [&c] {
                c.remaining = 0;
                c.pacer->cancel();
            });
        }
    }

    int finish() {
        bool was_interrupted = interrupted.load();
        if (window_end_.at_seconds == 0) window_end_ = take();  // interrupted before the window closed
        auto end = take();
        for (auto& w : workers_) w->stop_clients();
        for (auto& w : workers_) w->join();

        summary s;
        s.opts = &o_;
        s.streams = streams_;
        s.end = end;
        // Stopping closes connections that are not failures; count the ones that were.
        auto after = take();
        s.end.players_failed = after.players_failed;
        s.end.publishers_failed = after.publishers_failed;
        s.window_start = window_start_;
        s.window_end = window_end_;
        for (auto& w : workers_) {
            auto& r = w->results();
            s.latency.merge(r.latency);
            s.play_start.merge(r.play_start);
            s.first_media.merge(r.first_media);
            s.loop_lag.merge(r.loop_lag);
            s.lost += r.lost;
            s.lost_lagging += r.lost_lagging;
            s.lagging_players += r.lagging_players;
            s.sequence_resets += r.sequence_resets;
            for (const auto& [what, count] : r.failures) s.failures[what] += count;
        }
        s.media_bitrate_bps = publishers_ > 0 ? media_.bitrate_bps() : 0;
        s.server_baseline = baseline_;
        s.churn_seconds = churn_seconds_;
        s.interrupted = was_interrupted;
        if (!o_.quiet || !o_.json) print_summary(out(), s);
        if (o_.json) fmt::print(stdout, "{}\n", summary_json(s));
        return s.ok() ? 0 : 1;
    }

    const options& o_;
    std::size_t publishers_ = 0;
    std::size_t streams_ = 0;
    media_file media_;
    std::vector<lal::rtmp_asio::rtmp_url> push_urls_;
    std::vector<player_target> targets_;
    player_settings player_settings_;
    publisher_settings publisher_settings_;
    std::vector<std::unique_ptr<worker>> workers_;
    std::vector<churn_share> shares_;
    clock_type::time_point t0_{};
    snapshot last_print_, window_start_, window_end_;
    std::optional<proc_sample> baseline_;
    double churn_seconds_ = 0;
};

}  // namespace

int run(const options& o) {
    controller c(o);
    return c.run();
}

}  // namespace lalbench
