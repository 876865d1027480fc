// SPDX-License-Identifier: MIT
#include "hls_service.hpp"

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/hls/segmenter.hpp>
#include <lal/http/query.hpp>
#include <lal/http/response.hpp>

#include "codec_refusal.hpp"
#include "fmp4_encoder.hpp"
#include "hls_files.hpp"
#include "hls_held.hpp"
#include "hls_sendfile_cache.hpp"
#include "log.hpp"
#include "ts_encoder.hpp"

namespace lal::server {

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

http::response_options answer_options() {
    http::response_options o;
    o.server = "lal";  // CORS on: browser players (hls.js) fetch across origins
    return o;
}

/// 404 with a length, so the connection stays open (keep-alive).
http::response not_found() {
    auto r = http::error_response(404, answer_options());
    r.set("Connection", "keep-alive");
    return r;
}

/// 403 for a viewer refused by admission (simple_auth, hooks, blacklist).
http::response refused(std::string_view reason) {
    auto r = http::error_response(403, answer_options(), reason);
    r.set("Connection", "keep-alive");
    return r;
}

/// 400 or 503 (RFC 8216bis 6.2.5.2) for a blocking reload, keeping the connection.
http::response reload_error(int status, std::string_view reason) {
    auto r = http::error_response(status, answer_options(), reason);
    r.set("Connection", "keep-alive");
    return r;
}

/// A decimal query value that fits `max`; empty when absent, bad when not a number.
struct query_number {
    bool present = false;
    bool bad = false;
    std::uint64_t value = 0;
};
query_number number_in(std::string_view query, std::string_view name, std::uint64_t max) {
    query_number n;
    auto v = http::query_value(query, name);
    if (!v) return n;
    n.present = true;
    n.bad = v->empty() || v->size() > 19;
    for (char c : *v) {
        if (c < '0' || c > '9') n.bad = true;
    }
    if (!n.bad) n.value = std::stoull(*v);
    n.bad = n.bad || n.value > max;
    return n;
}

/// Seconds of a duration in µs (lal-Go's on_hls_make_ts duration).
double seconds(lal::media::micros us) { return static_cast<double>(us) / 1e6; }

/// A 200 head for a playlist or segment body; playlists change, segments
/// never do (RFC 8216 6.2.1, 6.2.2: a segment URI always names the same bytes).
/// `name` gives a segment's type: MPEG-TS, or fMP4 (.m4s, and the .mp4 init segment).
http::response ok_head(bool playlist, std::string_view name = {}) {
    http::response r(200);
    r.set("Server", "lal");
    r.set("Access-Control-Allow-Origin", "*");
    if (playlist) {
        r.set("Content-Type", "application/vnd.apple.mpegurl");  // RFC 8216 4
        r.set("Cache-Control", "no-cache");
    } else {
        r.set("Content-Type", name.ends_with(".ts") ? "video/mp2t" : "video/mp4");
        r.set("Cache-Control", "max-age=3600");
    }
    return r;
}

/// The stream name a segment name `<stream>-<ms>-<seq>.ts` belongs to (lal-Go's
/// names); fMP4 HLS names `<stream>-<ms>-<seq>.m4s` and `<stream>-<ms>-init.mp4` alike.
std::optional<std::string_view> stream_of_segment(std::string_view name) {
    if (name.ends_with(".ts")) {
        name.remove_suffix(3);
    } else if (name.ends_with(".m4s") || name.ends_with("-init.mp4")) {
        name.remove_suffix(4);
    } else {
        return std::nullopt;
    }
    for (int i = 0; i < 2; ++i) {
        const auto dash = name.rfind('-');
        if (dash == std::string_view::npos || dash == 0) return std::nullopt;
        name = name.substr(0, dash);
    }
    return name;
}

}  // namespace

/// One stream's HLS: a segmenter fed by a hub subscription in the TS form. The
/// sink side runs on `worker_`; HTTP answers come from any worker and read
/// the segmenter under `mutex_` (the playlists and segments are immutable
/// shared bytes, so the lock is held only to take a reference).
class hls_stream : public subscriber_sink, public std::enable_shared_from_this<hls_stream> {
public:
    hls_stream(hls_service& service, stream_key key, std::size_t worker)
        : service_(service), key_(std::move(key)), worker_(worker),
          end_timer_(service.ctx_.loops.context(worker)),
          fmp4_(service.ctx_.cfg.hls.fragment_format == "fmp4") {}

    const stream_key& key() const noexcept { return key_; }
    /// The worker its subscription lives on.
    std::size_t worker() const noexcept { return worker_; }

    /// Subscribes on this stream's worker (runs there).
    void attach() {
        const auto& c = service_.ctx_;
        // One cached GOP: attach() is posted to this worker while the publisher's
        // frames already flow, and without it a late attach loses the GOP in progress.
        subscription_ = c.streams.subscribe(key_, *this, fmp4_ ? c.forms.fmp4 : c.forms.ts, 1, worker_);
    }
    /// Ends the subscription (runs on the worker).
    void detach() {
        end_timer_.cancel();
        subscription_.reset();
        held_.wake_all();  // no more playlists: the held requests get the last one
    }

    /// The live or the record playlist, empty before the first segment.
    lal::payload playlist(bool record) const {
        std::lock_guard lock(mutex_);
        if (!segmenter_) return {};
        return record ? segmenter_->record_playlist() : segmenter_->playlist();
    }
    /// A segment still in memory, by name.
    lal::hls::segment_ptr segment(std::string_view name) const {
        std::lock_guard lock(mutex_);
        for (const auto& i : inits_) {
            if (i->name == name) return i;
        }
        return segmenter_ ? segmenter_->find(name) : nullptr;
    }
    /// An LL-HLS part still in memory, by name.
    lal::hls::part_ptr part(std::string_view name) const {
        std::lock_guard lock(mutex_);
        return segmenter_ ? segmenter_->find_part(name) : nullptr;
    }
    /// True when `name` is the part the preload hint names (not made yet).
    bool hinted(std::string_view name) const {
        std::lock_guard lock(mutex_);
        return segmenter_ && !segmenter_->ended() && segmenter_->next_part_name() == name;
    }
    /// Where a blocking reload stands (RFC 8216bis 6.2.5.2); ready when no segmenter.
    lal::hls::reload_state reload(std::uint64_t msn, std::optional<std::uint32_t> part) const {
        std::lock_guard lock(mutex_);
        return segmenter_ ? segmenter_->reload(msn, part) : lal::hls::reload_state::ready;
    }
    /// How long a held request waits: three target durations (RFC 8216bis 6.2.5.2).
    std::chrono::milliseconds hold_timeout() const {
        std::lock_guard lock(mutex_);
        return std::chrono::seconds(3 * (segmenter_ ? segmenter_->target_duration_s() : 1));
    }
    /// The requests held for a future playlist or part.
    hls_held& held() noexcept { return held_; }
    /// Checks the held requests now (one held just after the last playlist came).
    void wake_now() {
        std::lock_guard lock(mutex_);
        if (segmenter_) wake_held();
    }

    /// The sendfile copy of `seg`, made on its first request while listed (null: send from memory).
    std::shared_ptr<const net::shared_file> sendfile_copy(const lal::hls::segment_ptr& seg) {
        std::lock_guard lock(mutex_);
        return segmenter_ ? sendfile_cache_.get(seg, segmenter_->window()) : nullptr;
    }

    // subscriber_sink
    void start() override { begin_publish(); }
    void restarted() override { begin_publish(); }
    /// A publisher started: a new or continued playlist (mutex_ not held).
    void begin_publish() {
        end_timer_.cancel();
        std::lock_guard lock(mutex_);
        if (!segmenter_ || segmenter_->ended()) {
            // A stream that ended and comes back: a new playlist whose
            // sequence numbers go on from the old one's.
            auto made = lal::hls::segmenter::create(options(segmenter_ ? segmenter_->next_sequence() : 0));
            if (!made) {
                LAL_LOG_WARN("[hls] cannot segment {}: {}", key_.str(), made.error().message());
                return;
            }
            segmenter_.emplace(std::move(*made));
            const auto& h = service_.ctx_.cfg.hls;
            if (service_.writer_ && !files_) files_.emplace(*service_.writer_, h.out_path, key_.name);
            if (!psi_.empty()) segmenter_->set_psi(psi_);
            if (!inits_.empty()) segmenter_->set_map(inits_.back()->name);
        }
        // Announced with video: a stream without video turns audio-only after one fragment.
        segmenter_->on_publish_start(true);
        drain();
    }
    void stop() override {
        // A publisher back within one fragment continues after a discontinuity;
        // otherwise the playlist ends (EXT-X-ENDLIST).
        const auto& h = service_.ctx_.cfg.hls;
        end_timer_.expires_after(std::chrono::milliseconds(h.fragment_duration_ms));
        end_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            if (auto self = weak.lock(); self && !ec) self->end();
        });
    }
    void send(const frame& f) override {
        const auto& wire = f.encoded(fmp4_ ? service_.ctx_.forms.fmp4 : service_.ctx_.forms.ts);
        if (wire.empty()) return;
        std::lock_guard lock(mutex_);
        if (!media::is_av(f.kind()) || f.is_config() || !segmenter_) return;
        lal::hls::ts_frame t{f.kind(), f.dts(), f.is_keyframe(), {}};
        const auto pieces = wire.pieces();
        std::size_t first = 0;
        if (fmp4_) {
            // The init segment leads every fMP4 frame: a new one gets a name for EXT-X-MAP.
            const auto* init = fmp4_encoder::init_piece(wire);
            if (!init) return;
            if (inits_.empty() || inits_.back()->bytes.bytes().data() != init->bytes().data()) new_init(*init);
            first = 1;
        } else if (ts_encoder::starts_with_psi(wire)) {
            // The PAT+PMT ahead of a key frame (or a new map): each segment starts with it once.
            psi_ = pieces.front();
            segmenter_->set_psi(psi_);
            first = 1;
        }
        for (std::size_t i = first; i < pieces.size(); ++i) t.ts.add(pieces[i]);
        written_ += t.ts.size();
        segmenter_->on_frame(t, wall_ms());
        drain();
    }
    std::size_t queued_bytes() const override { return 0; }  // copied into the open segment at once
    std::uint64_t written_bytes() const override { return written_; }
    void close(std::string_view reason) override {
        LAL_LOG_WARN("[hls] the hub dropped the segmenter of {}: {}", key_.str(), reason);
    }

private:
    /// An fMP4 init segment (mutex_ held): served as `<stream>-<wall ms>-init.mp4`
    /// next to the segments, named by EXT-X-MAP from the next segment on.
    void new_init(const lal::payload& bytes) {
        auto seg = std::make_shared<lal::hls::segment>();
        seg->name = key_.name + '-' + std::to_string(wall_ms()) + "-init.mp4";
        seg->bytes = bytes;
        // A few old ones stay for players still on segments under them.
        if (inits_.size() == 4) inits_.pop_front();
        inits_.push_back(seg);
        segmenter_->set_map(seg->name);
        if (files_ && files_->writing()) files_->write_segment(seg, [](bool) {});
    }

    lal::hls::segmenter_options options(std::uint64_t first_sequence) const {
        const auto& h = service_.ctx_.cfg.hls;
        lal::hls::segmenter_options o;
        o.stream_name = key_.name;
        o.fragment_duration_ms = h.fragment_duration_ms;
        o.fragment_num = h.fragment_num;
        o.delete_threshold = h.delete_threshold;
        o.record_playlist = true;
        o.cleanup = static_cast<lal::hls::cleanup_mode>(h.cleanup_mode);
        o.first_sequence = first_sequence;
        o.format = fmp4_ ? lal::hls::segment_format::fmp4 : lal::hls::segment_format::ts;
        if (h.ll_hls_enable) o.part_duration_ms = h.part_duration_ms;  // config checked it needs fmp4
        return o;
    }

    void end() {
        {
            std::lock_guard lock(mutex_);
            if (!segmenter_ || segmenter_->ended()) return;
            segmenter_->on_publish_end(wall_ms());
            drain();
            LAL_LOG_INFO("[hls] {} ended: {} segments", key_.str(), segmenter_->stats().segments);
        }
        // The ended playlist stays as long as its segments would (lal-Go's
        // cleanup time), then the stream is forgotten.
        const auto& h = service_.ctx_.cfg.hls;
        const auto keep = std::chrono::milliseconds(std::uint64_t{h.fragment_duration_ms} *
                                                    (h.fragment_num + (h.delete_threshold ? h.delete_threshold
                                                                                          : h.fragment_num)));
        end_timer_.expires_after(keep);
        end_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (!self || ec) return;
            self->service_.forget(self);
            // Held answers (and the timed-out ones still listed) point back at the stream: let them go.
            self->held_.wake_all();
            if (self->files_) {
                std::lock_guard relock(self->mutex_);
                self->files_->remove_due(wall_ms() + 1000);  // at_stream_end: due about now
            }
            self->subscription_.reset();
        });
    }

    /// A segment event for on_hls_make_ts, with the file paths when files are written.
    hls_make_ts_info make_ts(std::string event, const std::string& name, std::uint64_t id, double duration,
                             bool written) const {
        hls_make_ts_info i{std::move(event), key_.name, service_.cwd_, {}, {}, {}, id, duration};
        if (written && files_) {
            i.ts_file = files_->path_of(name);
            i.live_m3u8_file = files_->path_of("playlist.m3u8");
            i.record_m3u8_file = files_->path_of("record.m3u8");
        }
        return i;
    }

    /// Reports `info` from the writer thread, after the jobs queued before, through this stream's worker.
    std::function<void(bool ok)> report_later(hls_make_ts_info info) {
        auto* svc = &service_;
        auto* io = &service_.ctx_.loops.context(worker_);
        return [svc, io, info = std::move(info)](bool ok) mutable {
            if (!ok) {
                info.ts_file.clear();
                info.live_m3u8_file.clear();
                info.record_m3u8_file.clear();
            }
            asio::post(*io, [svc, info = std::move(info)] { svc->report(info); });
        };
    }

    /// A new segment: reported in order with the writes, when files are kept.
    void segment_opened(const lal::hls::segment_opened& o) {
        if (files_ && files_->writing()) {
            auto later = report_later(make_ts("open", o.name, o.sequence, 0, true));
            if (files_->then([later = std::move(later)]() mutable { later(true); })) return;
        }
        service_.report(make_ts("open", o.name, o.sequence, 0, false));
    }

    /// A closed segment: its file queued (reported once written) or reported now.
    void segment_made(const lal::hls::segment_ptr& seg) {
        LAL_LOG_DEBUG("[hls] {} segment {} {} ms", key_.str(), seg->name, lal::hls::duration_ms(seg->duration));
        if (files_ && files_->writing()) {
            // Reported once the file holds the bytes, with its path.
            const bool queued = files_->write_segment(
                seg, report_later(make_ts("close", seg->name, seg->sequence, seconds(seg->duration), true)));
            if (queued) return;
        }
        service_.report(make_ts("close", seg->name, seg->sequence, seconds(seg->duration), false));
    }

    /// Takes the segmenter's events (mutex_ held): notifications and the files, when kept.
    void drain() {
        bool updated = false;
        while (auto e = segmenter_->next_event()) {
            updated = updated || std::holds_alternative<lal::hls::playlist_updated>(*e);
            if (const auto* o = std::get_if<lal::hls::segment_opened>(&*e)) {
                segment_opened(*o);
            } else if (const auto* c = std::get_if<lal::hls::segment_closed>(&*e)) {
                segment_made(c->seg);
                sendfile_cache_.retain(segmenter_->window());  // the playlist slid
            } else if (files_ && std::holds_alternative<lal::hls::playlist_updated>(*e)) {
                files_->write_playlists(segmenter_->playlist(), segmenter_->record_playlist());
            } else if (const auto* d = std::get_if<lal::hls::delete_files>(&*e); d && files_) {
                files_->schedule(*d);
            }
        }
        if (files_) files_->remove_due(wall_ms());
        if (updated) wake_held();
    }

    /// Answers the held requests the new playlist satisfies (mutex_ held).
    void wake_held() {
        const auto& seg = *segmenter_;
        held_.wake([&seg](const hls_wait& w) {
            // A hinted part: made, or no longer to be made (a new hint, the end).
            if (!w.part_name.empty()) return seg.find_part(w.part_name) || seg.next_part_name() != w.part_name;
            return seg.reload(w.msn, w.part) != lal::hls::reload_state::wait;
        });
    }

    hls_service& service_;
    stream_key key_;
    std::size_t worker_;
    asio::steady_timer end_timer_;
    std::unique_ptr<subscription> subscription_;
    mutable std::mutex mutex_;
    std::optional<lal::hls::segmenter> segmenter_;
    lal::payload psi_;
    bool fmp4_;  // hls.fragment_format "fmp4"
    std::deque<lal::hls::segment_ptr> inits_;  // fMP4 init segments, newest last
    std::uint64_t written_ = 0;
    std::optional<hls_files> files_;  // hls.use_memory_as_disk_flag off
    hls_sendfile_cache sendfile_cache_;
    hls_held held_;  // LL-HLS blocking reloads and hinted parts, answered from drain()
};

hls_service::hls_service(server_context& ctx) : ctx_(ctx), viewers_(ctx) {
    std::error_code ec;
    cwd_ = std::filesystem::current_path(ec).string();
    const auto& h = ctx_.cfg.hls;
    if (!h.use_memory_as_disk_flag) {
        // Before serving, so no stream of this run is live yet.
        if (const auto n = remove_orphan_files(h.out_path, h.cleanup_mode); n > 0) {
            LAL_LOG_INFO("[hls] removed {} file(s) a previous run left under {} (cleanup_mode {})", n, h.out_path,
                         h.cleanup_mode);
        }
        // A few segments of every stream may wait; past that a slow disk loses files, not media.
        writer_ = std::make_unique<hls_file_writer>(1024, 256u << 20);
        ctx_.hls_files = &writer_->counters();
    }
    ctx_.streams.add_observer(*this);
}

hls_service::~hls_service() {
    ctx_.streams.remove_observer(*this);
    ctx_.hls_files = nullptr;
    // The workers have stopped: end what a posted detach did not reach while
    // the hub is still there.
    for (auto& [name, s] : streams_) s->detach();
}

void hls_service::on_publish_start(const stream_key& key, const publisher_sink&, std::string_view) {
    std::shared_ptr<hls_stream> made;
    {
        std::lock_guard lock(mutex_);
        auto& slot = streams_[key.name];
        if (slot && slot->key() == key) return;  // its subscription sees the new publisher
        if (slot) {
            LAL_LOG_WARN("[hls] {} replaces {} under the same HLS name", key.str(), slot->key().str());
            auto old = slot;
            asio::post(ctx_.loops.context(old->worker()), [old] { old->detach(); });
        }
        const auto worker = std::hash<std::string>{}(key.name) % ctx_.loops.size();
        made = std::make_shared<hls_stream>(*this, key, worker);
        slot = made;
        asio::post(ctx_.loops.context(worker), [made] { made->attach(); });
    }
    LAL_LOG_INFO("[hls] segmenting {}", key.str());
}

void hls_service::forget(const std::shared_ptr<hls_stream>& s) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(s->key().name);
    if (it != streams_.end() && it->second == s) streams_.erase(it);
}

std::shared_ptr<hls_stream> hls_service::find(std::string_view stream) const {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(std::string(stream));
    return it == streams_.end() ? nullptr : it->second;
}

void hls_service::report(const hls_make_ts_info& info) {
    if (auto* events = ctx_.events) events->on_hls_make_ts(info);
}

void hls_service::stop(bool) {
    viewers_.stop();
    std::lock_guard lock(mutex_);
    for (auto& entry : streams_) {
        auto s = entry.second;  // a copy: lambdas capture variables, not structured bindings (clang 14)
        asio::post(ctx_.loops.context(s->worker()), [s] { s->detach(); });
    }
}

void hls_service::serve_playlist(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                                 std::string_view stream, bool record, std::size_t worker) {
    auto s = find(stream);
    // TS segments without the stream's video (the muxer leaves out what TS
    // cannot carry): the viewer is told why (RFC 9110 15.5.16) instead.
    if (s && ctx_.cfg.hls.fragment_format != "fmp4") {
        if (auto why = codec_refusal(ctx_, s->key(), fixed_form::mpegts); !why.empty()) {
            LAL_LOG_WARN("[hls] play refused: remote={} stream={}: {}", endpoint_text(conn->remote_endpoint()),
                         s->key().str(), why);
            return conn->respond(reload_error(415, why));
        }
    }
    if (!s || s->playlist(record).empty()) return conn->respond(not_found());
    // RFC 8216bis 6.2.5.2: a blocking reload names a segment, maybe a part of it.
    const auto msn = number_in(req.query, "_HLS_msn", UINT64_MAX / 2);
    const auto part = number_in(req.query, "_HLS_part", UINT32_MAX);
    if (msn.bad || part.bad || (part.present && !msn.present)) {
        return conn->respond(reload_error(400, "bad _HLS_msn or _HLS_part"));
    }
    std::optional<hls_wait> wait;
    if (msn.present && !record) {
        wait.emplace();
        wait->msn = msn.value;
        if (part.present) wait->part = static_cast<std::uint32_t>(part.value);
    }
    // The viewer's session, or admission first (once per viewer).
    viewers_.on_playlist(req, conn->remote_endpoint(), s->key(), worker,
                         [conn, s, record, wait](hls_viewer* viewer, const admission_result& r) {
                             if (!conn->is_open()) return;
                             if (!viewer && !r.redirect.empty()) {
                                 return conn->respond(http::redirect_response(r.redirect, answer_options()));
                             }
                             if (!viewer) return conn->respond(refused(r.reason));
                             auto send = [s, record, vw = viewer->weak_from_this()](
                                             const std::shared_ptr<http_asio::server_connection>& c, bool timed_out) {
                                 // RFC 8216bis 6.2.5.2: not there within three target durations.
                                 if (timed_out) return c->respond(reload_error(503, "the part did not come in time"));
                                 auto body = s->playlist(record);
                                 if (body.empty()) return c->respond(not_found());
                                 if (auto v = vw.lock()) v->touch(body.size());
                                 c->respond(ok_head(true), std::move(body));
                             };
                             if (wait) {
                                 const auto state = s->reload(wait->msn, wait->part);
                                 if (state == lal::hls::reload_state::too_far) {
                                     return conn->respond(reload_error(400, "_HLS_msn or _HLS_part too far ahead"));
                                 }
                                 if (state == lal::hls::reload_state::wait) {
                                     if (!s->held().hold(*wait, conn, s->hold_timeout(), send)) {
                                         return conn->respond(reload_error(503, "too many held requests"));
                                     }
                                     // A playlist may have come between the check and the hold.
                                     return s->wake_now();
                                 }
                             }
                             send(conn, false);
                         });
}

bool hls_service::serve_segment(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                                std::string_view name) {
    auto stream = stream_of_segment(name);
    if (!stream) return false;
    auto s = find(*stream);
    if (!s) return false;
    auto seg = s->segment(name);
    if (!seg) return serve_part(req, conn, s, name);
    // Segments of an admitted viewer pass (lal-Go checks only playlists);
    // without a session they pass only when viewers need no admission.
    if (auto viewer = viewers_.on_segment(req, conn->remote_endpoint(), *stream)) {
        viewer->touch(seg->bytes.size());
    } else if (viewers_.admission_needed()) {
        conn->respond(refused("no admitted HLS session: fetch the playlist first"));
        return true;
    }
    // Head and body in one call; the body from the segment's sendfile copy,
    // not copied into each player's socket (HEAD gets the head alone).
    conn->respond(ok_head(false, name), seg->bytes, req.is_head() ? nullptr : s->sendfile_copy(seg));
    return true;
}

bool hls_service::serve_part(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                             const std::shared_ptr<hls_stream>& s, std::string_view name) {
    auto p = s->part(name);
    const bool hinted = !p && s->hinted(name);
    if (!p && !hinted) return false;
    auto viewer = viewers_.on_segment(req, conn->remote_endpoint(), s->key().name);
    if (!viewer && viewers_.admission_needed()) {
        conn->respond(refused("no admitted HLS session: fetch the playlist first"));
        return true;
    }
    auto send = [s, name = std::string(name), vw = std::weak_ptr<hls_viewer>(viewer)](
                    const std::shared_ptr<http_asio::server_connection>& c, bool timed_out) {
        auto part = timed_out ? nullptr : s->part(name);
        if (!part) return c->respond(not_found());
        if (auto v = vw.lock()) v->touch(part->bytes.size());
        c->respond(ok_head(false, name), part->bytes);
    };
    if (p) {
        send(conn, false);
        return true;
    }
    // RFC 8216bis 4.4.5.3: the hinted part is asked before it exists; it is held until made.
    hls_wait w;
    w.part_name = std::string(name);
    if (!s->held().hold(std::move(w), conn, s->hold_timeout(), send)) {
        conn->respond(reload_error(503, "too many held requests"));
        return true;
    }
    s->wake_now();
    return true;
}

void hls_service::serve_hls_path(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                                 std::size_t worker) {
    std::string_view rest(req.path);
    rest.remove_prefix(ctx_.cfg.hls.url_pattern.size());
    // <stream>.m3u8 | <stream>/playlist.m3u8 | <stream>/record.m3u8 | [<stream>/]<segment>.ts
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) {
        if (rest.ends_with(".m3u8") && rest.size() > 5) return serve_playlist(req, conn, rest.substr(0, rest.size() - 5), false, worker);
        if (!serve_segment(req, conn, rest)) conn->respond(not_found());
        return;
    }
    const auto stream = rest.substr(0, slash);
    const auto file = rest.substr(slash + 1);
    if (file == "playlist.m3u8") return serve_playlist(req, conn, stream, false, worker);
    if (file == "record.m3u8") return serve_playlist(req, conn, stream, true, worker);
    if (file.find('/') != std::string_view::npos || stream_of_segment(file) != stream ||
        !serve_segment(req, conn, file)) {
        conn->respond(not_found());
    }
}

void hls_service::serve_app_playlist(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                                     std::size_t worker) {
    std::string_view path(req.path);
    path.remove_suffix(5);  // ".m3u8"
    const auto slash = path.rfind('/');
    // /<app>/<stream>.m3u8: at least one app segment before the stream.
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) return conn->respond(not_found());
    serve_playlist(req, conn, path.substr(slash + 1), false, worker);
}

}  // namespace lal::server
