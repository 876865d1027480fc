// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/rtp/error.hpp>

namespace lal::rtp {

/// H.265 NAL unit types this library acts on (ITU-T H.265 7.4.2.2, Table 7-1).
namespace hevc_nal {
inline constexpr std::uint8_t bla_w_lp = 16;
inline constexpr std::uint8_t idr_w_radl = 19;
inline constexpr std::uint8_t idr_n_lp = 20;
inline constexpr std::uint8_t cra = 21;
inline constexpr std::uint8_t vps = 32;
inline constexpr std::uint8_t sps = 33;
inline constexpr std::uint8_t pps = 34;
}  // namespace hevc_nal

/// nal_unit_type of an H.265 NAL unit (H.265 7.3.1.2); 0xff when shorter than its 2-byte header.
constexpr std::uint8_t hevc_nal_type(byte_span nal) noexcept {
    return nal.size() < 2 ? 0xff : static_cast<std::uint8_t>((std::to_integer<unsigned>(nal[0]) >> 1) & 0x3f);
}

/// An HEVCDecoderConfigurationRecord ("hvcC", ISO/IEC 14496-15 8.3.3.1) for
/// one VPS, SPS and PPS: profile, tier, level, chroma format and bit depths
/// come from the SPS; lengthSizeMinusOne is 3. Errors: truncated (the SPS is
/// too short or its profile_tier_level ends early), empty_payload (a set is
/// shorter than its header), not_parameter_set (a unit of another type).
lal::result<std::vector<std::byte>> make_hevc_config(byte_span vps, byte_span sps, byte_span pps);

/// The parameter set NAL units listed in an hvcC record, as views into it, in
/// record order. Errors: truncated.
lal::result<std::vector<byte_span>> hevc_config_parameter_sets(byte_span hvcc);

}  // namespace lal::rtp
