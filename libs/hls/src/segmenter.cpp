// SPDX-License-Identifier: MIT
#include <lal/hls/segmenter.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>

#include <lal/hls/error.hpp>

namespace lal::hls {
namespace {

using lal::media::media_kind;
using lal::media::micros;

constexpr micros us_per_ms = 1000;
constexpr micros us_per_s = 1'000'000;
constexpr std::size_t first_reserve = std::size_t{64} << 10;

// a - b, saturated: timestamps come from the network, and an overflow would be undefined.
micros diff(micros a, micros b) noexcept {
    micros out = 0;
    if (__builtin_sub_overflow(a, b, &out)) return a < b ? INT64_MIN : INT64_MAX;
    return out;
}

// a + b, saturated.
std::int64_t sum(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) return b < 0 ? INT64_MIN : INT64_MAX;
    return out;
}

playlist_entry entry_of(const segment& s) {
    return {s.name, duration_ms(s.duration), s.discontinuity, s.program_date_time_ms, s.map_uri, {}, true};
}

std::int64_t grace_of(const segmenter_options& o) {
    return std::int64_t{o.fragment_duration_ms} * (std::int64_t{o.fragment_num} + effective_delete_threshold(o));
}

}  // namespace

lal::result<segmenter> segmenter::create(segmenter_options options) {
    if (auto ec = validate(options)) return ec;
    return segmenter(std::move(options));
}

segmenter::segmenter(segmenter_options options)
    : options_(std::move(options)),
      delete_threshold_(effective_delete_threshold(options_)),
      fragment_us_(micros{options_.fragment_duration_ms} * us_per_ms),
      max_fragment_us_(micros{effective_max_fragment_ms(options_)} * us_per_ms),
      cleanup_(options_.cleanup, grace_of(options_)),
      next_sequence_(options_.first_sequence),
      target_s_(std::max<std::int64_t>(1, rounded_seconds(options_.fragment_duration_ms))) {}

void segmenter::set_psi(lal::payload pat_pmt) { psi_ = std::move(pat_pmt); }

void segmenter::set_map(std::string uri) { map_uri_ = std::move(uri); }

std::error_code segmenter::on_publish_start(bool has_video) {
    if (state_ == state::ended) return errc::stream_ended;
    if (state_ == state::live) {
        // A republish: the new publisher's timeline has nothing to do with the old one.
        if (open_) {
            close(std::nullopt, false, last_wall_ms_);
            publish_playlists();
        }
        break_timeline();
    }
    state_ = state::live;
    video_stream_ = has_video;
    video_seen_ = false;
    wait_key_ = has_video;
    waiting_since_.reset();
    held_audio_.clear();
    return {};
}

void segmenter::break_timeline() {
    // RFC 8216 4.3.2.3: a discontinuity only matters once something came before it.
    pending_discontinuity_ = next_sequence_ != options_.first_sequence;
    anchored_ = false;
    waiting_since_.reset();
    held_audio_.clear();
    clocks_[0] = {};
    clocks_[1] = {};
}

bool segmenter::detect_jump(const ts_frame& frame) {
    const micros limit = micros{options_.timestamp_jump_ms} * us_per_ms;
    // A track that has not spoken yet can still be far off the open segment's
    // timeline, which would make one segment absurdly long.
    if (open_) {
        const micros from_start = diff(frame.dts, open_->info.start_dts);
        if (from_start > max_fragment_us_ + limit || from_start < -limit) return true;
    }
    const auto& clock = clocks_[frame.kind == media_kind::video ? 1 : 0];
    if (!clock.seen) return false;
    const micros step = diff(frame.dts, clock.last_dts);
    return step > limit || step < -limit;
}

void segmenter::on_frame(const ts_frame& frame, std::int64_t wall_ms) {
    last_wall_ms_ = wall_ms;
    const bool no_header = options_.format == segment_format::fmp4 ? map_uri_.empty() : psi_.empty();
    if (state_ != state::live || !lal::media::is_av(frame.kind) || no_header) {
        ++stats_.dropped_frames;
        return;
    }
    const bool video = frame.kind == media_kind::video;
    if (detect_jump(frame)) {
        ++stats_.timestamp_jumps;
        if (open_) {
            close(std::nullopt, false, wall_ms);
            publish_playlists();
        }
        break_timeline();
        wait_key_ = video_stream_;
    }
    auto& clock = clocks_[video ? 1 : 0];
    if (clock.seen && frame.dts > clock.last_dts) clock.last_step = diff(frame.dts, clock.last_dts);
    clock.seen = true;
    clock.last_dts = frame.dts;
    if (video) video_stream_ = video_seen_ = true;

    if (wait_key_) {
        // A segment of a video stream must start decodable: drop what precedes the key frame.
        if (video_stream_ && !(video && frame.keyframe)) {
            // Announced video that never comes: after a fragment of audio alone, go audio-only.
            if (!video_seen_) {
                if (!waiting_since_) waiting_since_ = frame.dts;
                if (diff(frame.dts, *waiting_since_) >= fragment_us_) video_stream_ = false;
            }
            if (video_stream_) {
                // Audio while no video came yet is kept, bounded by the fragment it
                // waits for: if the stream turns out audio-only, it starts with it.
                if (!video_seen_ && held_audio_.size() < max_held_audio) {
                    held_audio_.push_back(frame);
                    ++held_audio_total_;
                }
                ++stats_.dropped_frames;
                return;
            }
        }
        wait_key_ = false;
        waiting_since_.reset();
        auto held = std::exchange(held_audio_, {});
        if (!video_stream_) {
            stats_.dropped_frames -= held.size();
            for (const auto& f : held) append(f, wall_ms);
        }
    }
    append(frame, wall_ms);
}

void segmenter::append(const ts_frame& frame, std::int64_t wall_ms) {
    const bool video = frame.kind == media_kind::video;
    if (open_) {
        const micros length = diff(frame.dts, open_->info.start_dts);
        bool cut = video_stream_ ? (video && frame.keyframe && length >= fragment_us_) : length >= fragment_us_;
        bool forced = false;
        if (!cut && length >= max_fragment_us_) cut = forced = true;
        // A segment holds at least one frame, however large.
        if (!cut && open_->frames > 0 &&
            frame.ts.size() > options_.max_segment_bytes - std::min(options_.max_segment_bytes, open_->bytes.size())) {
            cut = forced = true;
        }
        if (cut) {
            close(frame.dts, forced, wall_ms);
            publish_playlists();
        }
    }
    if (!open_) open(frame, wall_ms);
    if (ll()) {
        if (part_ && part_full(frame)) {
            finish_part(frame.dts);
            render(false);
            events_.push_back(playlist_updated{false});
        }
        // A video stream's parts start at video frames; every audio frame is independent.
        if (!part_) part_ = open_part{frame.dts, !video_stream_ || (video && frame.keyframe), {}};
    }
    for (const auto& piece : frame.ts.pieces()) {
        const auto bytes = piece.bytes();
        open_->bytes.insert(open_->bytes.end(), bytes.begin(), bytes.end());
        if (part_) part_->bytes.insert(part_->bytes.end(), bytes.begin(), bytes.end());
    }
    open_->last_dts = std::max(open_->last_dts, frame.dts);
    ++open_->frames;
    ++stats_.frames;
}

bool segmenter::part_full(const ts_frame& frame) const {
    const bool video = frame.kind == media_kind::video;
    if (video_stream_ && !video) return false;
    const micros length = diff(frame.dts, part_->start_dts);
    if (length <= 0) return false;
    // RFC 8216bis 4.4.4.9: a part lasts at most PART-TARGET and, unless it is
    // independent or its segment's last, at least 85 % of it. The part ends
    // here when this frame (one more step) would carry it past the target. One
    // millisecond is allowed for timestamps in whole ms (RTMP, FLV: 30 fps steps
    // of 33 and 34 ms), or 30 fps parts would end a frame early, at 83 %.
    const micros step = clocks_[video ? 1 : 0].last_step;
    return length + step > micros{options_.part_duration_ms} * us_per_ms + us_per_ms;
}

void segmenter::finish_part(micros end) {
    auto p = std::make_shared<part>();
    p->id = next_part_id_++;
    p->name = part_name(p->id);
    p->sequence = open_->info.sequence;
    p->index = static_cast<std::uint32_t>(open_->parts.size());
    p->start_dts = part_->start_dts;
    p->duration = std::max<micros>(0, diff(end, part_->start_dts));
    p->independent = part_->independent;
    p->bytes = lal::payload::adopt(std::move(part_->bytes));
    part_.reset();
    open_->parts.push_back(p);
    parts_.push_back(std::move(p));
    ++stats_.parts;
}

std::string segmenter::part_name(std::uint64_t id) const {
    return options_.stream_name + '-' + std::to_string(part_epoch_ms_) + "-part" + std::to_string(id) + ".m4s";
}

std::string segmenter::next_part_name() const {
    if (!ll() || state_ != state::live || part_epoch_ms_ < 0) return {};
    return part_name(next_part_id_);
}

part_ptr segmenter::find_part(std::string_view name) const {
    for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) {
        if ((*it)->name == name) return *it;
    }
    return nullptr;
}

reload_state segmenter::reload(std::uint64_t msn, std::optional<std::uint32_t> part) const noexcept {
    if (state_ == state::ended) return reload_state::ready;  // nothing more will come
    const std::uint64_t next_closed = open_ ? open_->info.sequence : next_sequence_;
    const bool any_closed = next_closed != options_.first_sequence;
    const bool open_parts = open_ && !open_->parts.empty();
    // RFC 8216bis 6.2.5.2: more than two segments past the last one listed is a bad request.
    const std::uint64_t last_listed = open_parts ? next_closed : (any_closed ? next_closed - 1 : next_closed);
    if (msn > last_listed + 2) return reload_state::too_far;
    if (!part) return msn < next_closed ? reload_state::ready : reload_state::wait;
    if (open_parts) {
        const auto last = static_cast<std::uint32_t>(open_->parts.size() - 1);
        // ... and a part more than three (the Advance Part Limit) past the last one.
        if (msn == next_closed && *part > last + 3) return reload_state::too_far;
        return msn < next_closed || (msn == next_closed && *part <= last) ? reload_state::ready : reload_state::wait;
    }
    if (!any_closed) return reload_state::wait;
    // The last complete part is the last one of the last closed segment; a
    // part index past it means the next segment's first part.
    const std::uint64_t last_seq = next_closed - 1;
    const std::uint32_t last = last_closed_parts_ == 0 ? 0 : last_closed_parts_ - 1;
    return msn < last_seq || (msn == last_seq && *part <= last) ? reload_state::ready : reload_state::wait;
}

void segmenter::open(const ts_frame& frame, std::int64_t wall_ms) {
    if (part_epoch_ms_ < 0) part_epoch_ms_ = wall_ms;
    if (!anchored_) {
        anchored_ = true;
        anchor_wall_ms_ = wall_ms;
        anchor_dts_ = frame.dts;
    }
    open_segment s;
    auto& info = s.info;
    info.sequence = next_sequence_++;
    // lal-Go's name: <stream>-<unix ms>-<id>.ts
    const bool fmp4 = options_.format == segment_format::fmp4;
    info.name = options_.stream_name + '-' + std::to_string(wall_ms) + '-' + std::to_string(info.sequence) +
                (fmp4 ? ".m4s" : ".ts");
    if (fmp4) info.map_uri = map_uri_;
    info.start_dts = frame.dts;
    // Derived from the dts, not the arrival time, so that date-times and EXTINF durations agree.
    info.program_date_time_ms = sum(anchor_wall_ms_, lal::media::to_ms(diff(frame.dts, anchor_dts_)));
    info.discontinuity = std::exchange(pending_discontinuity_, false);
    info.starts_with_key = frame.kind == media_kind::video && frame.keyframe;
    s.last_dts = frame.dts;
    const std::size_t guess = last_size_ == 0 ? first_reserve : last_size_ + last_size_ / 8;
    s.bytes.reserve(std::min(guess, options_.max_segment_bytes));
    if (!fmp4) {
        const auto psi = psi_.bytes();
        s.bytes.insert(s.bytes.end(), psi.begin(), psi.end());
    }
    if (info.discontinuity) ++stats_.discontinuities;
    events_.push_back(segment_opened{info.name, info.sequence});
    open_ = std::move(s);
}

void segmenter::close(std::optional<micros> end_dts, bool forced, std::int64_t wall_ms) {
    auto& o = *open_;
    micros length = 0;
    if (end_dts) {
        length = diff(*end_dts, o.info.start_dts);
    } else {
        // No next frame to end at: the leading track's last frame (video in a
        // video stream) lasts as long as the step before it.
        const auto& clock = clocks_[video_stream_ ? 1 : 0];
        const micros end = clock.seen ? sum(clock.last_dts, clock.last_step) : o.last_dts;
        length = diff(std::max(end, o.last_dts), o.info.start_dts);
    }
    length = std::max<micros>(0, length);
    if (part_) finish_part(sum(o.info.start_dts, length));  // the last part ends with its segment
    last_closed_parts_ = static_cast<std::uint32_t>(o.parts.size());
    auto seg = std::make_shared<segment>(std::move(o.info));
    seg->duration = length;
    seg->forced_cut = forced;
    seg->bytes = lal::payload::adopt(std::move(o.bytes));
    open_.reset();
    last_size_ = seg->bytes.size();

    ++stats_.segments;
    if (forced) ++stats_.forced_cuts;
    // RFC 8216 4.3.3.1: every rounded EXTINF must fit the target; it only ever grows.
    target_s_ = std::max(target_s_, rounded_seconds(duration_ms(seg->duration)));
    window_duration_ += seg->duration;
    window_.push_back(seg);
    if (options_.record_playlist) {
        auto e = entry_of(*seg);
        if (e.map_uri == record_map_) {
            e.map_uri.clear();  // RFC 8216 4.3.2.5: a map holds until the next one
        } else {
            record_map_ = e.map_uri;
        }
        append_playlist_entry(record_body_, e);
    }
    cleanup_.on_closed(seg->name);
    events_.push_back(segment_closed{seg});
    slide_window(wall_ms);
}

void segmenter::slide_window(std::int64_t wall_ms) {
    // RFC 8216 6.2.2: never drop a segment if what stays would be shorter than
    // three target durations, so small fragment_num values list more segments.
    while (window_.size() > options_.fragment_num &&
           window_duration_ - window_.front()->duration >= 3 * target_s_ * us_per_s) {
        auto gone = std::move(window_.front());
        window_.pop_front();
        window_duration_ -= gone->duration;
        // RFC 8216 6.2.2: removing a discontinuity advances the discontinuity sequence.
        if (gone->discontinuity) ++discontinuity_sequence_;
        kept_.push_back(std::move(gone));
    }
    while (kept_.size() > delete_threshold_) {
        auto gone = std::move(kept_.front());
        kept_.pop_front();
        events_.push_back(segment_evicted{gone->name, gone->sequence});
        if (auto d = cleanup_.on_evicted(gone->name, wall_ms)) events_.push_back(std::move(*d));
    }
}

void segmenter::publish_playlists() {
    render();
    events_.push_back(playlist_updated{state_ == state::ended});
}

void segmenter::add_parts(std::vector<playlist_entry>& entries) {
    const micros span = 3 * target_s_ * us_per_s;
    micros after = 0;
    std::uint64_t oldest = next_sequence_;
    if (open_ && !open_->parts.empty()) {
        // The open segment: its date-time and parts, no EXTINF yet.
        playlist_entry e;
        e.discontinuity = open_->info.discontinuity;
        e.program_date_time_ms = open_->info.program_date_time_ms;
        e.map_uri = open_->info.map_uri;
        if (!window_.empty() && window_.back()->map_uri == e.map_uri) e.map_uri.clear();
        e.complete = false;
        for (const auto& p : open_->parts) {
            e.parts.push_back({p->name, duration_ms(p->duration), p->independent});
            after += p->duration;
        }
        entries.push_back(std::move(e));
        oldest = open_->info.sequence;
    }
    // RFC 8216bis 4.4.4.9: parts are listed for the segments of the last three
    // target durations (PART-HOLD-BACK never reaches further back).
    for (auto it = window_.rbegin(); it != window_.rend() && after < span; ++it) {
        oldest = (*it)->sequence;
        after += (*it)->duration;
    }
    const std::uint64_t first = window_.empty() ? oldest : window_.front()->sequence;
    const std::uint64_t open_seq = open_ ? open_->info.sequence : next_sequence_;
    for (const auto& p : parts_) {
        if (p->sequence >= oldest && p->sequence < open_seq && p->sequence >= first) {
            entries[p->sequence - first].parts.push_back({p->name, duration_ms(p->duration), p->independent});
        }
    }
    // Parts of one more segment stay for players on the playlist before this one.
    while (!parts_.empty() && parts_.front()->sequence + 1 < oldest) parts_.pop_front();
}

void segmenter::render(bool record) {
    const bool ended = state_ == state::ended;
    const bool open_parts = open_ && !open_->parts.empty();
    if (window_.empty() && !ended && !open_parts) {
        playlist_ = {};
    } else {
        playlist_header h;
        h.version = version();
        h.target_duration_s = target_s_;
        // Before the first segment closed, LL-HLS lists the open one's parts: its sequence comes first.
        const std::uint64_t first = open_parts ? open_->info.sequence : next_sequence_;
        h.media_sequence = window_.empty() ? first : window_.front()->sequence;
        h.discontinuity_sequence = discontinuity_sequence_;
        h.ended = ended;
        if (ll()) {
            h.version = 9;  // RFC 8216bis 7: LL-HLS playlists (EXT-X-SKIP delta updates need 9)
            h.part_target_ms = options_.part_duration_ms;
            // RFC 8216bis 4.4.3.8: at least twice PART-TARGET; three times is recommended.
            h.part_hold_back_ms = 3 * std::int64_t{options_.part_duration_ms};
            h.preload_hint = next_part_name();
        }
        std::vector<playlist_entry> entries;
        entries.reserve(window_.size() + 1);
        const std::string* map = nullptr;
        for (const auto& s : window_) {
            entries.push_back(entry_of(*s));
            // RFC 8216 4.3.2.5: the first segment's map, then only where it changes.
            if (map && *map == s->map_uri) entries.back().map_uri.clear();
            map = &s->map_uri;
        }
        if (ll()) add_parts(entries);
        playlist_ = lal::payload::copy_from(write_media_playlist(h, entries));
    }
    if (record && options_.record_playlist && (!record_body_.empty() || ended)) {
        playlist_header h;
        h.version = version();
        h.target_duration_s = target_s_;
        h.media_sequence = options_.first_sequence;
        // RFC 8216 4.3.3.5: EVENT while segments are still appended, VOD once final.
        h.type = ended ? playlist_type::vod : playlist_type::event;
        h.ended = ended;
        // Only the header and the end change: the entries are appended once each.
        std::string text;
        text.reserve(200 + record_body_.size());
        append_playlist_header(text, h);
        text += record_body_;
        append_playlist_end(text, h);
        record_ = lal::payload::copy_from(text);
    }
}

void segmenter::on_publish_end(std::int64_t wall_ms) {
    if (state_ == state::ended) return;
    last_wall_ms_ = wall_ms;
    if (open_) close(std::nullopt, false, wall_ms);
    state_ = state::ended;
    publish_playlists();
    if (auto d = cleanup_.on_ended(wall_ms, options_.record_playlist)) events_.push_back(std::move(*d));
}

std::optional<segmenter_event> segmenter::next_event() {
    if (events_.empty()) return std::nullopt;
    segmenter_event e = std::move(events_.front());
    events_.pop_front();
    return e;
}

segment_ptr segmenter::find(std::string_view name) const {
    for (const auto* list : {&window_, &kept_}) {
        for (const auto& s : *list) {
            if (s->name == name) return s;
        }
    }
    return nullptr;
}

std::vector<segment_ptr> segmenter::in_memory() const {
    std::vector<segment_ptr> all(kept_.begin(), kept_.end());
    all.insert(all.end(), window_.begin(), window_.end());
    return all;
}

}  // namespace lal::hls
