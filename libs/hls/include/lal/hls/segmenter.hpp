// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/hls/cleanup_policy.hpp>
#include <lal/hls/events.hpp>
#include <lal/hls/options.hpp>
#include <lal/hls/part.hpp>
#include <lal/hls/playlist_writer.hpp>
#include <lal/hls/segment.hpp>
#include <lal/media/frame.hpp>
#include <lal/media/kind.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::hls {

/// One frame as the segmenter takes it: already muxed into TS packets, or
/// (segment_format::fmp4) its moof + mdat fragment.
struct ts_frame {
    /// Audio or video; other kinds are dropped (counted in stats).
    lal::media::media_kind kind = lal::media::media_kind::video;
    /// Decode time, the timeline every cut and duration is measured on.
    lal::media::micros dts = 0;
    /// A video random access point (IDR): segments of video streams start here.
    bool keyframe = false;
    /// The frame's TS packets (PES with PTS/DTS), copied into the open segment.
    lal::media::wire_form ts;
};

/// Counters for stats and tests.
struct segmenter_stats {
    std::uint64_t frames = 0;            ///< frames added to segments
    std::uint64_t dropped_frames = 0;    ///< not live, no PSI, not audio/video, or before a key frame
    std::uint64_t segments = 0;          ///< segments closed
    std::uint64_t forced_cuts = 0;       ///< cuts at the length or size bound
    std::uint64_t discontinuities = 0;   ///< segments with EXT-X-DISCONTINUITY
    std::uint64_t timestamp_jumps = 0;   ///< jumps detected
    std::uint64_t parts = 0;             ///< LL-HLS partial segments completed
};

/// Where a blocking playlist reload stands (RFC 8216bis 6.2.5.2).
enum class reload_state : std::uint8_t {
    ready,    ///< the playlist holds what was asked for (or a later part): answer now
    wait,     ///< not yet: hold the request until a playlist_updated event
    too_far,  ///< beyond what the next playlists can hold: 400 Bad Request
};

/// One stream's HLS segmenter (RFC 8216): TS frames in; segments, playlists
/// and events out. No I/O and no clock: the wall clock comes with each call.
/// Not thread-safe; the segments and playlists it hands out are immutable
/// and may be read from any thread.
class segmenter {
public:
    /// A segmenter for `options`; errc::bad_options when validate() rejects them.
    static lal::result<segmenter> create(segmenter_options options);

    /// The PAT and PMT packets each new segment starts with (ISO/IEC 13818-1
    /// 2.4.4); takes effect at the next segment. Frames are dropped until set.
    void set_psi(lal::payload pat_pmt);

    /// fMP4: the URI of the initialization segment (EXT-X-MAP) of the
    /// segments opened from now on. Frames are dropped until set.
    void set_map(std::string uri);

    /// A publisher started. `has_video`: frames are dropped until a video key
    /// frame, and cuts wait for key frames (a stream becomes a video stream
    /// anyway at its first video frame; one announced with video whose audio
    /// runs fragment_duration_ms with no video frame becomes audio-only). A second call while live is a
    /// republish: the open segment closes and the next carries EXT-X-DISCONTINUITY.
    /// errc::stream_ended after on_publish_end (the playlist is final).
    std::error_code on_publish_start(bool has_video);

    /// Adds a frame at wall clock `wall_ms` (Unix ms), cutting a segment
    /// before it when the rules in the README say so.
    void on_frame(const ts_frame& frame, std::int64_t wall_ms);

    /// The publisher ended: closes the open segment and appends EXT-X-ENDLIST.
    void on_publish_end(std::int64_t wall_ms);

    /// Next event, in order; empty when none is pending.
    std::optional<segmenter_event> next_event();

    /// The live playlist (playlist.m3u8); empty before the first segment closed.
    const lal::payload& playlist() const noexcept { return playlist_; }
    /// The record playlist (record.m3u8: EVENT while live, VOD once ended);
    /// empty unless options.record_playlist and a segment closed.
    const lal::payload& record_playlist() const noexcept { return record_; }
    /// A segment still in memory (listed, or kept for delete_threshold), by name.
    segment_ptr find(std::string_view name) const;
    /// The listed segments, oldest first.
    const std::deque<segment_ptr>& window() const noexcept { return window_; }
    /// Every segment in memory, oldest first (kept ones, then the window).
    std::vector<segment_ptr> in_memory() const;

    /// LL-HLS: a partial segment still in memory, by name (null when none).
    part_ptr find_part(std::string_view name) const;
    /// LL-HLS: the URI of the part the EXT-X-PRELOAD-HINT names (the next one);
    /// empty without parts or once ended.
    std::string next_part_name() const;
    /// LL-HLS blocking reload `_HLS_msn=msn[&_HLS_part=part]` (RFC 8216bis
    /// 6.2.5.2): ready once segment `msn` is complete or, with `part`, once
    /// that part or a later one is; too_far for a segment more than two past
    /// the last one listed or a part more than three past the last part.
    reload_state reload(std::uint64_t msn, std::optional<std::uint32_t> part) const noexcept;
    /// The LL-HLS parts in memory, oldest first.
    const std::deque<part_ptr>& parts() const noexcept { return parts_; }

    /// EXT-X-TARGETDURATION now: the rounded fragment duration, raised (never
    /// lowered) to the longest rounded segment duration seen.
    std::int64_t target_duration_s() const noexcept { return target_s_; }
    /// True once on_publish_end was called.
    bool ended() const noexcept { return state_ == state::ended; }
    /// The sequence number the next segment gets.
    std::uint64_t next_sequence() const noexcept { return next_sequence_; }
    /// Counters.
    const segmenter_stats& stats() const noexcept { return stats_; }
    /// Audio frames held while announced video has not come yet (counted as
    /// dropped until an audio-only decision puts them, in order, before the
    /// frame that made it).
    std::size_t held_audio() const noexcept { return held_audio_.size(); }
    /// How many frames were ever put on hold (for tests: held_audio() alone
    /// cannot tell "cleared, then one held" from "unchanged").
    std::uint64_t held_audio_total() const noexcept { return held_audio_total_; }
    /// The options in effect.
    const segmenter_options& options() const noexcept { return options_; }

private:
    explicit segmenter(segmenter_options options);

    enum class state : std::uint8_t { idle, live, ended };
    struct open_segment {
        segment info;  // all but duration, forced_cut and bytes
        lal::media::micros last_dts = 0;
        std::size_t frames = 0;
        std::vector<std::byte> bytes;
        std::vector<part_ptr> parts;  // LL-HLS: its completed parts
    };
    struct open_part {
        lal::media::micros start_dts = 0;
        bool independent = false;
        std::vector<std::byte> bytes;
    };
    struct track_clock {
        bool seen = false;
        lal::media::micros last_dts = 0;
        lal::media::micros last_step = 0;
    };

    void open(const ts_frame& frame, std::int64_t wall_ms);
    /// Adds a frame that passed the start rules to the open segment (and part), cutting first if due.
    void append(const ts_frame& frame, std::int64_t wall_ms);
    void close(std::optional<lal::media::micros> end_dts, bool forced, std::int64_t wall_ms);
    void publish_playlists();
    void slide_window(std::int64_t wall_ms);
    void break_timeline();
    /// Writes the live playlist, and the record playlist when `record`.
    void render(bool record = true);
    bool ll() const noexcept { return options_.part_duration_ms != 0; }
    /// LL-HLS: whether a part ends before `frame` (its whole frames stay under PART-TARGET).
    bool part_full(const ts_frame& frame) const;
    /// LL-HLS: completes the open part, `end` being where the next starts.
    void finish_part(lal::media::micros end);
    /// LL-HLS: the playlist entry of the open segment (its parts) and which segments list parts.
    void add_parts(std::vector<playlist_entry>& entries);
    std::string part_name(std::uint64_t id) const;
    /// EXT-X-VERSION: 3 for decimal EXTINF (RFC 8216 7); 7 with fMP4 segments (EXT-X-MAP needs 6 or more).
    int version() const noexcept { return options_.format == segment_format::fmp4 ? 7 : 3; }
    bool detect_jump(const ts_frame& frame);

    segmenter_options options_;
    std::uint32_t delete_threshold_;
    lal::media::micros fragment_us_;
    lal::media::micros max_fragment_us_;
    cleanup_policy cleanup_;

    state state_ = state::idle;
    bool video_stream_ = false;
    bool video_seen_ = false;  // a video frame came since the publish started
    bool wait_key_ = false;
    std::optional<lal::media::micros> waiting_since_;  // first audio dropped while waiting
    // Audio that came while announced video had not: an audio-only stream starts with it.
    static constexpr std::size_t max_held_audio = 512;
    std::vector<ts_frame> held_audio_;
    std::uint64_t held_audio_total_ = 0;
    bool pending_discontinuity_ = false;
    lal::payload psi_;
    std::string map_uri_;
    std::string record_map_;  // the map the record playlist's last entry is under
    std::optional<open_segment> open_;
    std::optional<open_part> part_;
    std::deque<part_ptr> parts_;          // completed parts still in memory
    std::uint64_t next_part_id_ = 0;
    std::int64_t part_epoch_ms_ = -1;     // wall ms of the first segment: part names of this run
    std::uint32_t last_closed_parts_ = 0;  // parts of the last closed segment
    track_clock clocks_[2];  // audio, video
    // EXT-X-PROGRAM-DATE-TIME anchor: wall clock at a dts, reset at each discontinuity.
    std::int64_t last_wall_ms_ = 0;
    std::size_t last_size_ = 0;
    bool anchored_ = false;
    std::int64_t anchor_wall_ms_ = 0;
    lal::media::micros anchor_dts_ = 0;

    std::uint64_t next_sequence_;
    std::uint64_t discontinuity_sequence_ = 0;
    std::int64_t target_s_;
    lal::media::micros window_duration_ = 0;
    std::deque<segment_ptr> window_;
    std::deque<segment_ptr> kept_;
    std::string record_body_;  // the record playlist's entries, appended as segments close
    lal::payload playlist_;
    lal::payload record_;
    std::deque<segmenter_event> events_;
    segmenter_stats stats_;
};

}  // namespace lal::hls
