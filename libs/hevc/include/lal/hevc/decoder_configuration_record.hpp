// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/hevc/error.hpp>
#include <lal/hevc/profile_tier_level.hpp>

namespace lal::hevc {

/// One array of an hvcC: NAL units of one type.
struct nal_array {
    bool completeness = true;   ///< array_completeness: all units of this type are here
    std::uint8_t type = 0;      ///< NAL_unit_type, 6 bits
    std::vector<std::vector<std::byte>> units;
    friend bool operator==(const nal_array&, const nal_array&) = default;
};

/// HEVCDecoderConfigurationRecord, "hvcC" (ISO/IEC 14496-15 8.3.3.1): the
/// FLV/RTMP HEVC sequence header and the MP4 sample entry box body.
struct decoder_configuration_record {
    profile_tier_level ptl;                       ///< general_* fields
    std::uint16_t min_spatial_segmentation = 0;   ///< min_spatial_segmentation_idc, 12 bits
    std::uint8_t parallelism_type = 0;            ///< 0 unknown, 1 slices, 2 tiles, 3 wavefront
    std::uint8_t chroma_format = 1;               ///< chroma_format_idc
    std::uint8_t bit_depth_luma = 8;              ///< bitDepthLumaMinus8 + 8
    std::uint8_t bit_depth_chroma = 8;            ///< bitDepthChromaMinus8 + 8
    std::uint16_t avg_frame_rate = 0;             ///< frames per 256 s, 0 unspecified
    std::uint8_t constant_frame_rate = 0;         ///< 2 bits
    std::uint8_t num_temporal_layers = 0;         ///< 3 bits; 0 unknown
    bool temporal_id_nested = false;
    std::uint8_t length_size = 4;                 ///< lengthSizeMinusOne + 1: 1, 2 or 4
    std::vector<nal_array> arrays;

    /// The NAL units of `type` across all arrays, in order.
    std::vector<byte_span> units_of(std::uint8_t type) const;
    /// The RFC 6381 codec string, e.g. "hvc1.1.6.L93.B0".
    std::string codec_string() const;
    friend bool operator==(const decoder_configuration_record&, const decoder_configuration_record&) = default;
};

/// Parses an hvcC; lengths are checked against the bytes left before any
/// copy. Errors: truncated, unsupported_configuration_version, bad_length_size.
lal::result<decoder_configuration_record> parse_decoder_configuration_record(byte_span in);

/// Appends the record (reserved bits set to 1 as 8.3.3.1 requires). Errors,
/// with nothing appended: bad_length_size, bad_bit_depth (outside 8..15),
/// too_many_nal_units, nal_unit_too_large.
std::error_code append_decoder_configuration_record(const decoder_configuration_record& rec,
                                                    std::vector<std::byte>& out);

/// A record for one VPS, SPS and PPS (NAL units, headers included), 4-byte
/// lengths: profile, tier, level, chroma format, bit depths and temporal
/// layers from the SPS; each set is parsed to check it. Errors: the parsers',
/// and bad_bit_depth for 16-bit samples, which hvcC cannot describe.
lal::result<decoder_configuration_record> make_decoder_configuration_record(byte_span vps, byte_span sps,
                                                                           byte_span pps);

}  // namespace lal::hevc
