// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/hls/events.hpp>
#include <lal/hls/options.hpp>

namespace lal::hls {

/// Live and record playlist file names, as lal-Go writes them.
inline constexpr const char* live_playlist_name = "playlist.m3u8";
inline constexpr const char* record_playlist_name = "record.m3u8";

/// lal-Go's cleanup_mode as a pure decision: which of the files a stream's
/// glue wrote to delete, and from when. No clock and no file system: the
/// segmenter feeds it what happened and reports its decisions as events.
class cleanup_policy {
public:
    /// `grace_ms`: how long after the stream end at_stream_end waits, so players
    /// finish the last window (lal-Go: fragment_duration_ms x (fragment_num + delete_threshold)).
    cleanup_policy(cleanup_mode mode, std::int64_t grace_ms) noexcept : mode_(mode), grace_ms_(grace_ms) {}

    /// A segment was closed (a file the glue may write).
    void on_closed(const std::string& name);
    /// A segment left memory at `now_ms`: in mode asap, delete its file now.
    std::optional<delete_files> on_evicted(const std::string& name, std::int64_t now_ms);
    /// The stream ended at `now_ms`: in mode at_stream_end, every segment file
    /// still present and the playlists, once the grace period passed.
    std::optional<delete_files> on_ended(std::int64_t now_ms, bool record_playlist);

private:
    cleanup_mode mode_;
    std::int64_t grace_ms_;
    std::vector<std::string> written_;  // at_stream_end only
};

}  // namespace lal::hls
