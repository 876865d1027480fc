// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>

namespace lal::hls {

/// One closed media segment (RFC 8216 3): the PSI then the frames' TS bytes,
/// held once in memory and shared by every player that fetches it.
struct segment {
    /// File name, `<stream>-<wall ms at open>-<sequence>.ts` as lal-Go names it.
    std::string name;
    /// Media sequence number (RFC 8216 6.2.1: it never changes).
    std::uint64_t sequence = 0;
    /// Dts of its first frame.
    lal::media::micros start_dts = 0;
    /// Length: the next segment's start minus this start, or for the last
    /// segment before an end or discontinuity its last frame plus one frame interval.
    lal::media::micros duration = 0;
    /// EXT-X-PROGRAM-DATE-TIME of its first frame, Unix milliseconds.
    std::int64_t program_date_time_ms = 0;
    /// Preceded by EXT-X-DISCONTINUITY (republish or timestamp jump).
    bool discontinuity = false;
    /// Starts with a video key frame.
    bool starts_with_key = false;
    /// Cut at the length or size bound rather than at a key frame or by duration.
    bool forced_cut = false;
    /// fMP4: the URI of its initialization segment (EXT-X-MAP, RFC 8216 4.3.2.5); empty for TS.
    std::string map_uri;
    /// The bytes, one immutable shared buffer.
    lal::payload bytes;
};

/// Segments are shared and immutable once closed.
using segment_ptr = std::shared_ptr<const segment>;

/// Milliseconds of a duration in µs, rounded to nearest; EXTINF prints this value.
constexpr std::int64_t duration_ms(lal::media::micros us) noexcept { return (us + 500) / 1000; }

/// Whole seconds of `ms` rounded to nearest, half up, as RFC 8216 4.3.3.1
/// compares EXTINF with EXT-X-TARGETDURATION.
constexpr std::int64_t rounded_seconds(std::int64_t ms) noexcept { return (ms + 500) / 1000; }

}  // namespace lal::hls
