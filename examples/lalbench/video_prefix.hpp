// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lalbench {

/// The first bytes of a video frame in FLV form, for find_stamp: the 5-byte
/// AVC NALU header (FLV spec E.4.3.1), then the frame's NAL units (4-byte
/// lengths, as `avcc` holds them) from the first that is not an AUD, SPS or
/// PPS, which muxers add ahead of the publisher's (H.264 7.4.1.2.3). Written
/// into `out`, at most stamp_prefix_size bytes.
void flv_video_prefix(lal::byte_span avcc, bool keyframe, std::vector<std::byte>& out);

}  // namespace lalbench
