// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/flv/tag.hpp>

namespace e2e {

/// Identity of one coded frame: its track and a hash of its tag body.
struct frame_id {
    bool video = false;
    std::uint64_t hash = 0;
    friend bool operator==(const frame_id&, const frame_id&) = default;
};

/// FNV-1a 64 of a tag body: frames are matched by content, not by timestamp,
/// since the server and players may rebase timestamps.
std::uint64_t body_hash(lal::byte_span body) noexcept;

/// The coded frames of an FLV file per track, in file order (metadata,
/// sequence headers and end-of-sequence tags left out).
struct source_frames {
    std::vector<std::uint64_t> video, audio;
};

/// Reads `path`; the error text says what is wrong.
std::optional<source_frames> load_source(const std::string& path, std::string& error);

/// One run of a stream between restarts: a republished stream starts a new
/// segment with the first sequence header that follows a coded frame.
struct segment {
    /// Where the segment's frames start in the player's frame lists.
    std::size_t video_begin = 0, audio_begin = 0;
    std::uint64_t video_frames = 0, audio_frames = 0;
    std::uint64_t video_headers = 0, audio_headers = 0;
    /// Whether the segment's first coded video frame was a key frame.
    std::optional<bool> first_video_key;
    /// A coded frame before its track's sequence header in this segment, or a
    /// first video frame that is no key frame. Empty when fine.
    std::vector<std::string> problems;
};

/// What one player received, checked as it arrives.
class frame_log {
public:
    using clock = std::chrono::steady_clock;

    /// Takes one audio, video or script tag (RTMP messages are converted to tags).
    void add(const lal::flv::tag& t, clock::time_point arrived);

    std::uint64_t video_frames() const noexcept { return video_.size(); }
    std::uint64_t audio_frames() const noexcept { return audio_.size(); }
    std::uint64_t video_headers() const noexcept { return video_headers_; }
    std::uint64_t audio_headers() const noexcept { return audio_headers_; }
    std::uint64_t metadata() const noexcept { return metadata_; }
    /// When the first audio or video message (header or frame) arrived.
    std::optional<clock::time_point> first_media() const noexcept { return first_media_; }
    /// Whether the first coded video frame was a key frame (nullopt: no video yet).
    std::optional<bool> first_video_key() const noexcept { return first_video_key_; }
    /// Largest timestamp step within a track, in ms.
    std::uint32_t max_timestamp_gap() const noexcept { return max_ts_gap_; }
    /// Largest wall-clock time between two coded frames, in ms.
    double max_arrival_gap_ms() const noexcept { return max_arrival_gap_ms_; }

    /// Problems seen: timestamps going back, frames before their sequence
    /// header. Empty when fine.
    const std::vector<std::string>& problems() const noexcept { return problems_; }

    /// Checks that each track is a contiguous run of the source's frames,
    /// wrapping around when `looped`; returns what is wrong, or empty.
    std::string compare(const source_frames& source, bool looped) const;

    /// The stream's segments so far (one unless it restarted).
    const std::vector<segment>& segments() const noexcept { return segments_; }
    /// Checks one segment per source: segment i holds the first frames of
    /// sources[i] in order, none missing, and the last one all of them;
    /// returns what is wrong, or empty.
    std::string compare_segments(const std::vector<source_frames>& sources) const;

private:
    struct track_state {
        std::optional<std::uint32_t> last_ts;
    };

    std::vector<std::uint64_t> video_, audio_;
    std::uint64_t video_headers_ = 0, audio_headers_ = 0, metadata_ = 0;
    std::optional<clock::time_point> first_media_, last_frame_at_;
    std::optional<bool> first_video_key_;
    track_state video_ts_, audio_ts_;
    std::uint32_t max_ts_gap_ = 0;
    double max_arrival_gap_ms_ = 0;
    std::vector<std::string> problems_;
    std::vector<segment> segments_;
};

}  // namespace e2e
