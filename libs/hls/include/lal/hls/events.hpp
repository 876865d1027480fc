// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <lal/hls/segment.hpp>

namespace lal::hls {

/// A segment began (lal-Go's on_hls_make_ts "open").
struct segment_opened {
    /// Its file name and media sequence number.
    std::string name;
    std::uint64_t sequence = 0;
};

/// A segment is complete and listed (lal-Go's on_hls_make_ts "close"); the
/// glue may write `seg->bytes` to a file of that name.
struct segment_closed {
    segment_ptr seg;
};

/// The live playlist (and the record playlist, when kept) changed.
struct playlist_updated {
    /// EXT-X-ENDLIST is now present.
    bool ended = false;
};

/// A segment left memory: it is out of the window and delete_threshold more.
struct segment_evicted {
    /// Its file name and media sequence number.
    std::string name;
    std::uint64_t sequence = 0;
};

/// The cleanup policy's decision: remove these files (names relative to
/// the stream's folder) once the wall clock reaches `not_before_ms`.
struct delete_files {
    std::vector<std::string> names;
    std::int64_t not_before_ms = 0;
};

/// What a segmenter reports, in the order it happened.
using segmenter_event = std::variant<segment_opened, segment_closed, playlist_updated, segment_evicted, delete_files>;

}  // namespace lal::hls
