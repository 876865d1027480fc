// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>

namespace lal::hls {

/// One partial segment of Low-Latency HLS (RFC 8216bis 4.4.4.9): whole
/// frames of the open segment, served on its own URI as soon as complete.
/// The parts of a segment, concatenated, are that segment's bytes.
struct part {
    /// URI, `<stream>-<epoch ms>-part<id>.m4s`: a stream-wide counter, so the
    /// preload hint names the next part before anyone knows which segment it joins.
    std::string name;
    /// Stream-wide part number (the <id> of the name).
    std::uint64_t id = 0;
    /// Media sequence number of its parent segment.
    std::uint64_t sequence = 0;
    /// Its index in the parent segment, from 0 (what _HLS_part counts, RFC 8216bis 6.2.5.2).
    std::uint32_t index = 0;
    /// Dts of its first frame.
    lal::media::micros start_dts = 0;
    /// Length: the next part's start minus this start (the segment's end for its last part).
    lal::media::micros duration = 0;
    /// Starts with a video key frame, or belongs to an audio-only stream (INDEPENDENT=YES).
    bool independent = false;
    /// The bytes: the moof + mdat fragments of its frames.
    lal::payload bytes;
};

/// Parts are shared and immutable once complete.
using part_ptr = std::shared_ptr<const part>;

}  // namespace lal::hls
