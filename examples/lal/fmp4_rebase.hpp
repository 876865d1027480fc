// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>

namespace lal::server {

/// A track's time origin, in its own timescale (mdhd).
struct track_origin {
    std::uint32_t track_id = 0;
    std::uint64_t origin = 0;
};

/// The origins of the tracks an init segment (ftyp + moov) declares, at
/// `start_us` on the stream's clock converted as the fMP4 muxer converts
/// (lal::fmp4::to_timescale); empty when the init segment does not read.
std::vector<track_origin> track_origins(const lal::payload& init, lal::media::micros start_us);

/// A copy of a fragment head `head` (moof, maybe followed by the mdat
/// header) whose tfdt of each track (ISO/IEC 14496-12 8.8.12) has the track's
/// origin subtracted (0 when earlier), so a file that starts mid-stream starts
/// at time 0. `head` itself when it is not a well-formed moof: bounds come
/// from the box sizes, read through lal::fmp4::read_box_header.
lal::payload rebase_fragment(const lal::payload& head, std::span<const track_origin> origins);

}  // namespace lal::server
