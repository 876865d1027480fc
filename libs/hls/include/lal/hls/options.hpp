// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>

namespace lal::hls {

/// When segment files the glue wrote are removed (lal-Go's hls.cleanup_mode).
enum class cleanup_mode : std::uint8_t {
    never = 0,          ///< keep every file (recording)
    at_stream_end = 1,  ///< all files of the stream, a window's time after it ended
    asap = 2,           ///< each segment once it left the window and delete_threshold more
};

/// What the segments are made of.
enum class segment_format : std::uint8_t {
    ts,    ///< MPEG-TS (`.ts`): each segment starts with the PSI set by set_psi
    fmp4,  ///< fragmented MP4 (`.m4s`, RFC 8216 3.3): the init segment is named by EXT-X-MAP (set_map), version 7
};

/// Settings of one stream's segmenter, with lal-Go's names and defaults.
struct segmenter_options {
    /// Prefix of segment names: `<stream_name>-<wall ms>-<sequence>.ts` (`.m4s` for fMP4).
    std::string stream_name;
    /// Target length of a segment; cuts happen at the first key frame past it.
    std::uint32_t fragment_duration_ms = 3000;
    /// Segments listed in the live playlist.
    std::uint32_t fragment_num = 6;
    /// Segments kept reachable after they leave the playlist; 0 means
    /// fragment_num, as in lal-Go.
    std::uint32_t delete_threshold = 0;
    /// A segment without a key frame is cut at this length; 0 means four
    /// times fragment_duration_ms.
    std::uint32_t max_fragment_duration_ms = 0;
    /// A segment is also cut before it would exceed this many bytes.
    std::size_t max_segment_bytes = std::size_t{64} << 20;
    /// A dts step of one track larger than this (either way) is a timestamp
    /// jump: the segment ends and the next one carries EXT-X-DISCONTINUITY.
    std::uint32_t timestamp_jump_ms = 5000;
    /// Also keep the playlist of the whole stream (record.m3u8).
    bool record_playlist = false;
    /// The cleanup decision reported through delete_files events.
    cleanup_mode cleanup = cleanup_mode::never;
    /// Sequence number of the first segment (a new segmenter for a stream
    /// that ended can continue where the old one stopped).
    std::uint64_t first_sequence = 0;
    /// MPEG-TS or fMP4 segments.
    segment_format format = segment_format::ts;
    /// Low-Latency HLS (RFC 8216bis 4.4.4.9): the longest partial segment
    /// (PART-TARGET); 0 turns parts off. Needs segment_format::fmp4 and at most
    /// fragment_duration_ms.
    std::uint32_t part_duration_ms = 0;
};

/// Upper bound of the millisecond options (one hour).
inline constexpr std::uint32_t max_duration_option_ms = 3'600'000;
/// Upper bound of fragment_num and delete_threshold.
inline constexpr std::uint32_t max_count_option = 100'000;

/// Checks the options: fragment_duration_ms and fragment_num above 0, the
/// bounds above, parts only with fMP4 and from 10 ms to fragment_duration_ms, a stream name that is non-empty and holds no '/', '\\' or
/// control characters.
std::error_code validate(const segmenter_options& options) noexcept;

/// The effective delete_threshold (0 means fragment_num).
std::uint32_t effective_delete_threshold(const segmenter_options& options) noexcept;

/// The effective max_fragment_duration_ms (0 means 4 x fragment_duration_ms,
/// never below fragment_duration_ms).
std::uint32_t effective_max_fragment_ms(const segmenter_options& options) noexcept;

}  // namespace lal::hls
