// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <system_error>
#include <vector>

#include <lal/fmp4/track.hpp>

namespace lal::fmp4 {

/// Appends an initialization segment (ISO/IEC 14496-12 8.16.1 with 8.8.1):
/// ftyp, then moov with mvhd, one trak per track (tkhd, mdia with mdhd,
/// hdlr, minf with vmhd/smhd, dinf, and an stbl whose stsd holds the sample
/// entry: avc1+avcC, hvc1+hvcC, av01+av1C, mp4a+esds or Opus+dOps, its
/// sample tables empty) and mvex with one trex per track. Errors, nothing
/// appended: bad_track (id 0 or twice), unsupported_codec, bad_config (an
/// OpusHead that does not parse, a record too long for esds).
std::error_code append_init_segment(std::span<const track> tracks, std::vector<std::byte>& out);

}  // namespace lal::fmp4
