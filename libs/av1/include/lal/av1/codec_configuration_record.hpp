// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/av1/error.hpp>
#include <lal/av1/sequence_header.hpp>

namespace lal::av1 {

/// AV1CodecConfigurationRecord, "av1C" (AV1-ISOBMFF 2.3.3): the Enhanced
/// RTMP av01 SequenceStart body and the MP4 sample entry box body.
struct codec_configuration_record {
    std::uint8_t profile = 0;            ///< seq_profile
    std::uint8_t level_idx = 0;          ///< seq_level_idx_0
    bool tier = false;                   ///< seq_tier_0
    bool high_bitdepth = false;
    bool twelve_bit = false;
    bool monochrome = false;
    bool subsampling_x = true;
    bool subsampling_y = true;
    std::uint8_t chroma_sample_position = 0;
    /// initial_presentation_delay_minus_one + 1, when present.
    std::optional<std::uint8_t> initial_presentation_delay;
    /// configOBUs: the sequence header OBU (and metadata OBUs), low-overhead format.
    std::vector<std::byte> config_obus;

    /// 8, 10 or 12.
    std::uint8_t bit_depth() const noexcept { return twelve_bit ? 12 : high_bitdepth ? 10 : 8; }
    /// The RFC 6381 codec string of AV1-ISOBMFF "Codecs Parameter String": "av01.0.04M.08".
    std::string codec_string() const;
    friend bool operator==(const codec_configuration_record&, const codec_configuration_record&) = default;
};

/// Parses an av1C. Errors: truncated, bad_marker, unsupported_version.
lal::result<codec_configuration_record> parse_codec_configuration_record(byte_span in);

/// Appends the 4 fixed bytes and the configOBUs.
void append_codec_configuration_record(const codec_configuration_record& rec, std::vector<std::byte>& out);

/// A record for the sequence header OBU among `obus` (low-overhead format):
/// its fields from the header, configOBUs that OBU as given. Errors:
/// find_sequence_header's.
lal::result<codec_configuration_record> make_codec_configuration_record(byte_span obus);

}  // namespace lal::av1
