// SPDX-License-Identifier: MIT
// e2e_player: plays RTMP and HTTP-FLV streams with many connections at once
// and checks what each one receives, for the server's end-to-end tests.
//   e2e_player [options] URL...   (rtmp[s]://host:port/app/stream, http[s]://host:port/app/stream.flv)
// Prints one line per player:
//   player N URL: video=.. audio=.. first_media_ms=.. first_video_key=0|1 max_ts_gap=.. max_arrival_gap_ms=.. end=..
// and with --segment-source one more line per segment of a restarted stream:
//   player N segment K: video=.. audio=.. video_headers=.. audio_headers=.. first_video_key=0|1|-
// and exits 1 when any player fails a check given on the command line.
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/core.h>

#include <lal/flv/tag.hpp>
#include <lal/httpflv_asio/pull_client.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp_asio/client_connection.hpp>

#include "frame_check.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

struct options {
    std::vector<std::string> urls;
    unsigned players = 1;
    std::optional<std::uint64_t> video, audio, min_video;
    std::string source;
    std::vector<std::string> segment_sources;
    bool looped = false;
    std::optional<double> first_within_ms, max_arrival_gap_ms;
    std::optional<std::uint32_t> max_gap_ms;
    bool allow_non_key_start = false;
    unsigned settle_ms = 300;
    double timeout_s = 60;
};

double ms_between(clock_type::time_point a, clock_type::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

/// One player: a connection, its frame log and why it ended.
class player : public std::enable_shared_from_this<player> {
public:
    player(asio::io_context& io, const options& opt, std::size_t index, std::string url)
        : io_(io), opt_(opt), index_(index), url_(std::move(url)), settle_(io) {}
    virtual ~player() = default;

    virtual void start() = 0;
    bool done() const noexcept { return done_; }
    std::size_t index() const noexcept { return index_; }

    /// One summary line, then the reasons it failed (empty when it passed).
    std::vector<std::string> report(const e2e::source_frames* source,
                                    const std::vector<e2e::source_frames>& segment_sources) const {
        std::vector<std::string> fails = log_.problems();
        const double first_ms = log_.first_media() && requested_ ? ms_between(*requested_, *log_.first_media()) : -1;
        fmt::print("player {} {}: video={} audio={} video_headers={} audio_headers={} metadata={} first_media_ms={:.1f} "
                   "first_video_key={} max_ts_gap={} max_arrival_gap_ms={:.1f} end={}\n",
                   index_, url_, log_.video_frames(), log_.audio_frames(), log_.video_headers(), log_.audio_headers(),
                   log_.metadata(), first_ms,
                   log_.first_video_key() ? (*log_.first_video_key() ? "1" : "0") : "-", log_.max_timestamp_gap(),
                   log_.max_arrival_gap_ms(), end_.empty() ? "not ended" : end_);
        if (!done_) fails.push_back("did not end in time");
        if (failed_) fails.push_back("failed: " + end_);
        if (opt_.video && log_.video_frames() != *opt_.video) {
            fails.push_back(fmt::format("{} video frames, expected {}", log_.video_frames(), *opt_.video));
        }
        if (opt_.audio && log_.audio_frames() != *opt_.audio) {
            fails.push_back(fmt::format("{} audio frames, expected {}", log_.audio_frames(), *opt_.audio));
        }
        if (opt_.min_video && log_.video_frames() < *opt_.min_video) {
            fails.push_back(fmt::format("{} video frames, expected at least {}", log_.video_frames(), *opt_.min_video));
        }
        if (!opt_.allow_non_key_start && log_.first_video_key() == false) {
            fails.push_back("the first video frame is not a key frame");
        }
        if (opt_.first_within_ms && !(first_ms >= 0 && first_ms <= *opt_.first_within_ms)) {
            fails.push_back(fmt::format("first media {:.1f} ms after the request, limit {} ms", first_ms,
                                        *opt_.first_within_ms));
        }
        if (opt_.max_gap_ms && log_.max_timestamp_gap() > *opt_.max_gap_ms) {
            fails.push_back(fmt::format("timestamp gap of {} ms", log_.max_timestamp_gap()));
        }
        if (opt_.max_arrival_gap_ms && log_.max_arrival_gap_ms() > *opt_.max_arrival_gap_ms) {
            fails.push_back(fmt::format("{:.1f} ms between two frames", log_.max_arrival_gap_ms()));
        }
        if (source) {
            if (auto e = log_.compare(*source, opt_.looped); !e.empty()) fails.push_back(e);
        }
        if (!segment_sources.empty()) {
            const auto& segments = log_.segments();
            for (std::size_t k = 0; k < segments.size(); ++k) {
                const auto& seg = segments[k];
                fmt::print("player {} segment {}: video={} audio={} video_headers={} audio_headers={} "
                           "first_video_key={}\n",
                           index_, k + 1, seg.video_frames, seg.audio_frames, seg.video_headers, seg.audio_headers,
                           seg.first_video_key ? (*seg.first_video_key ? "1" : "0") : "-");
                fails.insert(fails.end(), seg.problems.begin(), seg.problems.end());
            }
            if (auto e = log_.compare_segments(segment_sources); !e.empty()) fails.push_back(e);
        }
        return fails;
    }

    /// The sources of a restarting stream's segments (--segment-source), set before start().
    void set_segment_sources(const std::vector<e2e::source_frames>* sources) { segment_sources_ = sources; }

protected:
    /// Stops the connection (the player decided it has seen enough).
    virtual void stop() = 0;

    /// True when the player stays through a publisher's leaving (--segment-source).
    bool stays_through_restarts() const noexcept { return segment_sources_ && !segment_sources_->empty(); }

    /// With --segment-source: every segment is there and the last one is whole.
    bool segments_complete() const {
        const auto& segments = log_.segments();
        if (!stays_through_restarts() || segments.size() != segment_sources_->size()) return false;
        const auto& want = segment_sources_->back();
        return segments.back().video_frames >= want.video.size() && segments.back().audio_frames >= want.audio.size();
    }

    void on_tag(const lal::flv::tag& t) {
        if (done_) return;
        log_.add(t, clock_type::now());
        if (opt_.min_video && log_.video_frames() >= *opt_.min_video) {
            finish("enough video frames", false);
            stop();
            return;
        }
        const bool counts_met = (opt_.video && opt_.audio && log_.video_frames() >= *opt_.video &&
                                 log_.audio_frames() >= *opt_.audio) ||
                                segments_complete();
        if (counts_met && !settling_) {
            // Wait a little for frames beyond the expected counts before ending.
            settling_ = true;
            settle_.expires_after(std::chrono::milliseconds(opt_.settle_ms));
            settle_.async_wait([self = shared_from_this()](std::error_code ec) {
                if (ec || self->done_) return;
                self->finish("expected frames received", false);
                self->stop();
            });
        }
    }

    void finish(std::string why, bool failed) {
        if (done_) return;
        done_ = true;
        failed_ = failed;
        end_ = std::move(why);
        settle_.cancel();
    }

    asio::io_context& io_;
    const options& opt_;
    std::size_t index_;
    std::string url_;
    e2e::frame_log log_;
    std::optional<clock_type::time_point> requested_;

private:
    const std::vector<e2e::source_frames>* segment_sources_ = nullptr;
    asio::steady_timer settle_;
    bool settling_ = false;
    bool done_ = false;
    bool failed_ = false;
    std::string end_;
};

class rtmp_player final : public player {
public:
    using player::player;

    void start() override {
        lal::rtmp_asio::client_options o;
        o.connect_timeout = std::chrono::milliseconds(static_cast<long>(opt_.timeout_s * 1000));
        o.read_buffer_size = 16 * 1024;
        client_ = std::make_shared<lal::rtmp_asio::client_connection>(io_.get_executor(), o);
        lal::rtmp_asio::client_handlers h;
        auto self = std::static_pointer_cast<rtmp_player>(shared_from_this());
        h.on_event = [self](lal::rtmp::client_event& e) { self->on_event(e); };
        h.on_closed = [self](const lal::rtmp_asio::client_result& r) {
            // A server that closes after the stream ended is a normal end.
            const bool normal = !r.error || r.error == asio::error::eof || r.error == asio::error::connection_reset;
            self->finish(normal ? "closed: " + (r.description.empty() ? std::string("ok") : r.description)
                                : "error: " + r.description,
                         !normal);
            self->client_.reset();
        };
        client_->start(url_, lal::rtmp::client_role::play, std::move(h));
    }

private:
    void stop() override {
        if (client_) client_->close();
    }

    void on_event(lal::rtmp::client_event& e) {
        namespace ev = lal::rtmp::client_events;
        if (std::holds_alternative<ev::stream_created>(e)) {
            // The session sends play right after createStream is answered.
            requested_ = clock_type::now();
        } else if (auto* m = std::get_if<ev::media>(&e)) {
            take(m->msg);
        } else if (auto* d = std::get_if<ev::metadata>(&e)) {
            take(d->msg);
        } else if (std::holds_alternative<ev::stream_eof>(e)) {
            // Stream EOF follows UnpublishNotify; a stream that restarts sends Stream Begin.
            if (stays_through_restarts()) return;
            finish("stream EOF", false);
            stop();
        } else if (auto* s = std::get_if<ev::status>(&e)) {
            // A player of a restarting stream waits through the publisher's absence.
            const bool unpublish = s->code == lal::rtmp::status::play_unpublish_notify;
            if ((unpublish && !stays_through_restarts()) || s->code == lal::rtmp::status::play_stop) {
                finish(s->code, false);
                stop();
            }
        } else if (auto* f = std::get_if<ev::failed>(&e)) {
            finish("failed: " + f->code + " " + f->description, true);
        }
    }

    void take(const lal::rtmp::message& m) {
        lal::flv::tag t;
        switch (m.type_id) {
            case lal::rtmp::message_type::audio: t.type = lal::flv::tag_type::audio; break;
            case lal::rtmp::message_type::video: t.type = lal::flv::tag_type::video; break;
            case lal::rtmp::message_type::data_amf0: t.type = lal::flv::tag_type::script; break;
            default: return;
        }
        t.timestamp = m.timestamp;
        t.data = m.body;
        on_tag(t);
    }

    std::shared_ptr<lal::rtmp_asio::client_connection> client_;
};

class httpflv_player final : public player {
public:
    using player::player;

    void start() override {
        lal::httpflv_asio::pull_options o;
        o.connect_timeout = std::chrono::milliseconds(static_cast<long>(opt_.timeout_s * 1000));
        o.read_timeout = o.connect_timeout;
        o.read_buffer_size = 16 * 1024;
        client_ = std::make_shared<lal::httpflv_asio::pull_client>(io_.get_executor(), o);
        lal::httpflv_asio::pull_handlers h;
        auto self = std::static_pointer_cast<httpflv_player>(shared_from_this());
        h.on_tag = [self](lal::flv::tag t) { self->on_tag(t); };
        h.on_closed = [self](std::error_code ec) {
            const bool normal = !ec || ec == asio::error::operation_aborted || ec == asio::error::eof;
            self->finish(normal ? "closed" : "error: " + ec.message(), !normal);
            self->client_.reset();
        };
        requested_ = clock_type::now();
        client_->start(url_, std::move(h));
    }

private:
    void stop() override {
        if (client_) client_->stop();
    }

    std::shared_ptr<lal::httpflv_asio::pull_client> client_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Plays RTMP and HTTP-FLV streams with many connections and checks what each receives."};
    options opt;
    app.add_option("urls", opt.urls, "rtmp://host:port/app/stream or http://host:port/app/stream.flv")->required();
    app.add_option("-n,--players", opt.players, "players per URL")->check(CLI::Range(1u, 10000u));
    app.add_option("--video", opt.video, "exact coded video frames each player must get");
    app.add_option("--audio", opt.audio, "exact coded audio frames each player must get");
    app.add_option("--min-video", opt.min_video, "a player ends once it has this many video frames");
    app.add_option("--source", opt.source, "FLV file whose frames each player must get as one contiguous run");
    app.add_flag("--loop", opt.looped, "the source is published in a loop");
    app.add_option("--segment-source", opt.segment_sources,
                   "the stream is published once per file (repeat the option), restarting in between: "
                   "players stay through the restarts; segment i must be the first frames of file i with new "
                   "sequence headers first and a key frame first, the last one whole");
    app.add_option("--first-within-ms", opt.first_within_ms, "first media message within this long of the request");
    app.add_option("--max-gap-ms", opt.max_gap_ms, "largest timestamp step within a track");
    app.add_option("--max-arrival-gap-ms", opt.max_arrival_gap_ms, "largest wall-clock gap between two frames");
    app.add_flag("--allow-non-key-start", opt.allow_non_key_start, "the first video frame need not be a key frame");
    app.add_option("--settle-ms", opt.settle_ms, "wait for extra frames after the expected counts");
    app.add_option("--timeout", opt.timeout_s, "every player must end within this many seconds");
    CLI11_PARSE(app, argc, argv);

    std::optional<e2e::source_frames> source;
    if (!opt.source.empty()) {
        std::string error;
        source = e2e::load_source(opt.source, error);
        if (!source) {
            std::fprintf(stderr, "e2e_player: %s\n", error.c_str());
            return 2;
        }
    }

    std::vector<e2e::source_frames> segment_sources;
    for (const auto& path : opt.segment_sources) {
        std::string error;
        auto s = e2e::load_source(path, error);
        if (!s) {
            std::fprintf(stderr, "e2e_player: %s\n", error.c_str());
            return 2;
        }
        segment_sources.push_back(std::move(*s));
    }

    asio::io_context io;
    std::vector<std::shared_ptr<player>> players;
    for (const auto& url : opt.urls) {
        // rtmps:// and https:// run over TLS in the same clients.
        const bool rtmp = url.rfind("rtmp://", 0) == 0 || url.rfind("rtmps://", 0) == 0;
        if (!rtmp && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
            std::fprintf(stderr, "e2e_player: unsupported URL %s\n", url.c_str());
            return 2;
        }
        for (unsigned i = 0; i < opt.players; ++i) {
            const auto index = players.size();
            if (rtmp) {
                players.push_back(std::make_shared<rtmp_player>(io, opt, index, url));
            } else {
                players.push_back(std::make_shared<httpflv_player>(io, opt, index, url));
            }
        }
    }
    for (auto& p : players) {
        p->set_segment_sources(&segment_sources);
        p->start();
    }

    // The deadline: whoever has not ended by then fails.
    asio::steady_timer deadline(io);
    deadline.expires_after(std::chrono::milliseconds(static_cast<long>(opt.timeout_s * 1000)));
    deadline.async_wait([&](std::error_code ec) {
        if (!ec) io.stop();
    });
    asio::steady_timer poll(io);
    std::function<void()> check_all = [&] {
        bool all = true;
        for (auto& p : players) all = all && p->done();
        if (all) {
            deadline.cancel();
            return;
        }
        poll.expires_after(std::chrono::milliseconds(20));
        poll.async_wait([&](std::error_code ec) {
            if (!ec) check_all();
        });
    };
    check_all();
    io.run();

    std::size_t failed = 0;
    for (auto& p : players) {
        const auto fails = p->report(source ? &*source : nullptr, segment_sources);
        for (const auto& f : fails) std::fprintf(stderr, "e2e_player: FAIL player %zu: %s\n", p->index(), f.c_str());
        failed += fails.empty() ? 0 : 1;
    }
    std::printf("e2e_player: %zu of %zu players passed\n", players.size() - failed, players.size());
    return failed == 0 ? 0 : 1;
}
