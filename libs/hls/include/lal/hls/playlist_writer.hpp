// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lal::hls {

/// EXT-X-PLAYLIST-TYPE (RFC 8216 4.3.3.5); `none` omits the tag (a live window).
enum class playlist_type : std::uint8_t { none, event, vod };

/// The header tags of a media playlist.
struct playlist_header {
    /// EXT-X-VERSION; 3 allows decimal EXTINF durations (RFC 8216 7).
    int version = 3;
    /// EXT-X-TARGETDURATION in seconds (RFC 8216 4.3.3.1).
    std::int64_t target_duration_s = 0;
    /// EXT-X-MEDIA-SEQUENCE: the sequence of the first listed segment (4.3.3.2).
    std::uint64_t media_sequence = 0;
    /// EXT-X-DISCONTINUITY-SEQUENCE (4.3.3.3), written when above 0.
    std::uint64_t discontinuity_sequence = 0;
    /// EXT-X-PLAYLIST-TYPE, omitted for `none`.
    playlist_type type = playlist_type::none;
    /// Ends with EXT-X-ENDLIST (4.3.3.4).
    bool ended = false;
    /// Low-Latency HLS when above 0: EXT-X-PART-INF PART-TARGET in ms (RFC 8216bis 4.4.3.7).
    std::int64_t part_target_ms = 0;
    /// EXT-X-SERVER-CONTROL PART-HOLD-BACK in ms, with CAN-BLOCK-RELOAD=YES (RFC 8216bis 4.4.3.8); 0 omits the tag.
    std::int64_t part_hold_back_ms = 0;
    /// EXT-X-PRELOAD-HINT:TYPE=PART URI, the playlist's last line when not empty (RFC 8216bis 4.4.5.3).
    std::string preload_hint;
};

/// One EXT-X-PART line (RFC 8216bis 4.4.4.9).
struct part_line {
    /// URI of the part.
    std::string uri;
    /// DURATION, printed with three decimals.
    std::int64_t duration_ms = 0;
    /// INDEPENDENT=YES: it starts with an independent frame.
    bool independent = false;
};

/// One listed segment.
struct playlist_entry {
    /// The URI line, relative to the playlist (RFC 8216 4.1).
    std::string uri;
    /// EXTINF duration, printed with three decimals.
    std::int64_t duration_ms = 0;
    /// EXT-X-DISCONTINUITY before it (4.3.2.3).
    bool discontinuity = false;
    /// EXT-X-PROGRAM-DATE-TIME of its first sample, Unix ms (4.3.2.6).
    std::int64_t program_date_time_ms = 0;
    /// EXT-X-MAP URI written before it (4.3.2.5), when not empty: the
    /// caller sets it on the first entry and where the map changes.
    std::string map_uri;
    /// EXT-X-PART lines, between the date-time and the EXTINF (RFC 8216bis 4.4.4.9).
    std::vector<part_line> parts;
    /// False for the open segment of LL-HLS: its parts only, no EXTINF or URI yet.
    bool complete = true;
};

/// Appends the header tags (RFC 8216 4.3.1, 4.3.3).
void append_playlist_header(std::string& out, const playlist_header& header);
/// Appends one segment's discontinuity, map, date-time, EXTINF and URI lines (RFC 8216 4.3.2).
void append_playlist_entry(std::string& out, const playlist_entry& entry);
/// Appends the preload hint when set, then EXT-X-ENDLIST when `header.ended` (RFC 8216 4.3.3.4).
void append_playlist_end(std::string& out, const playlist_header& header);

/// Writes a media playlist (RFC 8216 4.3): header tags, then for each entry
/// its discontinuity, date-time, EXTINF and URI lines, then EXT-X-ENDLIST.
std::string write_media_playlist(const playlist_header& header, std::span<const playlist_entry> entries);

}  // namespace lal::hls
