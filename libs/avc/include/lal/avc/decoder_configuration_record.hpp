// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <lal/avc/error.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::avc {

/// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1; 5.2.4.1 in the
/// 2010 edition): the "avcC" that FLV and RTMP send as the AVC sequence header.
struct decoder_configuration_record {
    /// The fields after the PPS list for profiles other than 66, 77 and 88.
    struct extension {
        std::uint8_t chroma_format = 1;     ///< chroma_format_idc, 0..3
        std::uint8_t bit_depth_luma = 8;    ///< 8..15
        std::uint8_t bit_depth_chroma = 8;  ///< 8..15
        std::vector<std::vector<std::byte>> sps_ext;  ///< SPS extension NAL units, at most 255
        bool operator==(const extension&) const = default;
    };

    std::uint8_t configuration_version = 1;
    std::uint8_t profile_indication = 0;     ///< profile_idc of the SPS
    std::uint8_t profile_compatibility = 0;  ///< the SPS byte between profile_idc and level_idc
    std::uint8_t level_indication = 0;       ///< level_idc
    std::uint8_t length_size = 4;            ///< lengthSizeMinusOne + 1: 1, 2 or 4
    std::vector<std::vector<std::byte>> sps; ///< SPS NAL units, at most 31
    std::vector<std::vector<std::byte>> pps; ///< PPS NAL units, at most 255
    std::optional<extension> ext;            ///< the high-profile extension, when present

    /// RFC 6381 codec string from the three profile/level bytes, e.g. "avc1.64001E".
    std::string codec_string() const;

    bool operator==(const decoder_configuration_record&) const = default;
};

/// True for profiles whose record may carry the extension: 100, 110, 122 and
/// 144 in the 2010 edition; writers such as ffmpeg add it for every profile
/// but 66, 77 and 88 (e.g. 244), and so does this library.
constexpr bool may_have_extension(std::uint8_t profile_idc) noexcept {
    return profile_idc != 66 && profile_idc != 77 && profile_idc != 88;
}

/// Parses a record. Every count and length is checked against the bytes
/// left. The extension is read when may_have_extension() and bytes remain
/// (older writers omit it); other trailing bytes are ignored. Errors:
/// truncated, unsupported_configuration_version, bad_length_size (3), empty_nal_unit.
lal::result<decoder_configuration_record> parse_decoder_configuration_record(byte_span in);

/// Appends the record (reserved bits set to 1); on error nothing is appended:
/// bad_length_size, too_many_parameter_sets, nal_unit_too_large (over 65535
/// bytes), empty_nal_unit, bad_chroma_format, bad_bit_depth.
std::error_code append_decoder_configuration_record(const decoder_configuration_record& r,
                                                    std::vector<std::byte>& out);

/// A record for one SPS and one PPS NAL unit: profile and level copied from
/// the SPS, and the extension filled from it when may_have_extension().
/// Fails with the SPS parser's error or empty_nal_unit for an empty PPS.
lal::result<decoder_configuration_record> make_decoder_configuration_record(
    byte_span sps, byte_span pps, std::size_t length_size = 4);

}  // namespace lal::avc
