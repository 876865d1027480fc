// SPDX-License-Identifier: MIT
// The little of H.265 the TS muxer and demuxer need: NAL unit types, the
// HEVCDecoderConfigurationRecord ("hvcC", ISO/IEC 14496-15 8.3.3.1) read
// for its parameter sets, and one built from parameter sets seen in a stream.
#pragma once

#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::mpegts::detail {

/// nal_unit_type of an H.265 NAL unit (ITU-T H.265 7.3.1.2); 0xff when empty.
constexpr unsigned hevc_nal_type(byte_span nal) noexcept {
    return nal.empty() ? 0xff : (std::to_integer<unsigned>(nal[0]) >> 1) & 0x3f;
}

/// H.265 Table 7-1 types the muxer and demuxer treat specially.
inline constexpr unsigned hevc_vps = 32, hevc_sps = 33, hevc_pps = 34, hevc_aud = 35;
/// IRAP pictures are types 16..23 (BLA, IDR, CRA and reserved IRAP).
constexpr bool hevc_is_irap(unsigned t) noexcept { return t >= 16 && t <= 23; }

/// What an hvcC holds for carriage in Annex-B form.
struct hvcc_info {
    std::size_t length_size = 4;               ///< lengthSizeMinusOne + 1
    std::vector<std::vector<std::byte>> nals;  ///< every array's NAL units, in record order
};

/// Reads an hvcC: the 23 fixed bytes, then every array; lengths checked
/// against the bytes left (lal::mpegts::errc::bad_config).
lal::result<hvcc_info> parse_hvcc(byte_span record);

/// An hvcC for one VPS, SPS and PPS with 4-byte lengths: the general
/// profile, tier and level copied from the SPS's profile_tier_level (7.3.3),
/// 4:2:0 8-bit assumed (the SPS fields after it are not decoded).
std::vector<std::byte> make_hvcc(byte_span vps, byte_span sps, byte_span pps);

}  // namespace lal::mpegts::detail
