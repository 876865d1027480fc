// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/hevc/error.hpp>
#include <lal/hevc/profile_tier_level.hpp>

namespace lal::hevc {

/// The start of a video parameter set (H.265 7.3.2.1), up to its profile_tier_level.
struct video_parameter_set {
    std::uint8_t id = 0;                    ///< vps_video_parameter_set_id, 0..15
    std::uint8_t max_layers_minus1 = 0;     ///< vps_max_layers_minus1
    std::uint8_t max_sub_layers_minus1 = 0; ///< vps_max_sub_layers_minus1, 0..6
    bool temporal_id_nesting = false;
    profile_tier_level ptl;
    friend bool operator==(const video_parameter_set&, const video_parameter_set&) = default;
};

/// The start of a sequence parameter set (H.265 7.3.2.2.1): ids, sub-layers,
/// profile/tier/level, chroma format, picture size, conformance window, bit
/// depths. Later fields are not read.
struct seq_parameter_set {
    std::uint8_t vps_id = 0;                ///< sps_video_parameter_set_id
    std::uint8_t max_sub_layers_minus1 = 0; ///< sps_max_sub_layers_minus1, 0..6
    bool temporal_id_nesting = false;       ///< sps_temporal_id_nesting_flag
    profile_tier_level ptl;
    std::uint8_t id = 0;                    ///< sps_seq_parameter_set_id, 0..15
    std::uint8_t chroma_format_idc = 1;     ///< 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
    bool separate_colour_plane = false;
    std::uint32_t pic_width = 0;            ///< pic_width_in_luma_samples, before the window
    std::uint32_t pic_height = 0;           ///< pic_height_in_luma_samples
    /// conf_win_{left,right,top,bottom}_offset, in chroma sample units (7.4.3.2.1).
    std::uint32_t conf_left = 0, conf_right = 0, conf_top = 0, conf_bottom = 0;
    std::uint8_t bit_depth_luma = 8;        ///< bit_depth_luma_minus8 + 8
    std::uint8_t bit_depth_chroma = 8;      ///< bit_depth_chroma_minus8 + 8

    /// Displayed width: pic_width less the conformance window (SubWidthC, 6.2).
    std::uint32_t width() const noexcept;
    /// Displayed height: pic_height less the conformance window (SubHeightC).
    std::uint32_t height() const noexcept;
    friend bool operator==(const seq_parameter_set&, const seq_parameter_set&) = default;
};

/// The start of a picture parameter set (H.265 7.3.2.3.1), up to
/// entropy_coding_sync_enabled_flag: enough for hvcC's parallelismType.
struct pic_parameter_set {
    std::uint8_t id = 0;        ///< pps_pic_parameter_set_id, 0..63
    std::uint8_t sps_id = 0;    ///< pps_seq_parameter_set_id, 0..15
    bool dependent_slice_segments_enabled = false;
    bool output_flag_present = false;
    std::uint8_t num_extra_slice_header_bits = 0;
    bool tiles_enabled = false;
    bool entropy_coding_sync_enabled = false;
    friend bool operator==(const pic_parameter_set&, const pic_parameter_set&) = default;
};

/// Parses a VPS NAL unit (header included). Errors: empty_nal_unit,
/// forbidden_bit_set, wrong_nal_type, bad_sub_layers, truncated.
lal::result<video_parameter_set> parse_vps(byte_span nal);
/// Parses an SPS NAL unit (header included). Errors: as parse_vps, and
/// bad_parameter_set_id, bad_chroma_format, bad_picture_size,
/// bad_conformance_window, bad_bit_depth.
lal::result<seq_parameter_set> parse_sps(byte_span nal);
/// Parses a PPS NAL unit (header included). Errors: as parse_vps, and bad_parameter_set_id.
lal::result<pic_parameter_set> parse_pps(byte_span nal);

/// The RFC 6381 codec string of a profile_tier_level, as ISO/IEC 14496-15
/// E.3 builds it: "hvc1.1.6.L93.B0" (`sample_entry` names the first part).
std::string codec_string(const profile_tier_level& ptl, std::string_view sample_entry = "hvc1");

}  // namespace lal::hevc
