// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/vp9/error.hpp>

namespace lal::vp9 {

/// Chroma subsampling of a vpcC (VP Codec ISO binding 2.2 semantics).
enum class chroma : std::uint8_t {
    yuv420_vertical = 0,   ///< 4:2:0, chroma sited between the luma rows
    yuv420_colocated = 1,  ///< 4:2:0, chroma co-sited with luma (0,0)
    yuv422 = 2,
    yuv444 = 3,
};

/// VPCodecConfigurationRecord, "vpcC" version 1 (VP Codec ISO Media File
/// Format Binding 2.2): the Enhanced RTMP vp09 SequenceStart body and the MP4
/// sample entry box body.
struct codec_configuration_record {
    std::uint8_t profile = 0;                  ///< 0 to 3
    std::uint8_t level = 10;                   ///< VP9 level times ten (10 = 1.0, 41 = 4.1)
    std::uint8_t bit_depth = 8;                ///< 8, 10 or 12
    vp9::chroma chroma_subsampling = chroma::yuv420_colocated;
    bool video_full_range = false;
    std::uint8_t colour_primaries = 1;         ///< ISO/IEC 23091-4 (1: BT.709)
    std::uint8_t transfer_characteristics = 1;
    std::uint8_t matrix_coefficients = 1;

    /// The codecs parameter string of the binding's 4 ("vp09.PP.LL.DD"): profile, level, bit depth.
    std::string codec_string() const;
    friend bool operator==(const codec_configuration_record&, const codec_configuration_record&) = default;
};

/// Parses a vpcC, with or without the FullBox version and flags in front
/// (ffmpeg writes them in FLV as in MP4; a bare record cannot start with
/// 01 00 00 00, whose bit depth would be 0). Bytes after the record are
/// ignored. Errors: truncated, unsupported_version, bad_profile,
/// bad_bit_depth, bad_chroma_subsampling, has_initialization_data.
lal::result<codec_configuration_record> parse_codec_configuration_record(byte_span in);

/// Appends the record with its FullBox version (1) and flags (0) in front,
/// as ffmpeg and the binding's box write it.
void append_codec_configuration_record(const codec_configuration_record& rec, std::vector<std::byte>& out);

}  // namespace lal::vp9
