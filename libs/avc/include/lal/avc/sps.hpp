// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/avc/error.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::avc {

/// vui_parameters() (ITU-T H.264 E.1.1, semantics E.2.1). HRD parameters are
/// checked and skipped; only their presence is kept.
struct vui_parameters {
    bool aspect_ratio_info_present = false;
    std::uint8_t aspect_ratio_idc = 0;   ///< 255 = Extended_SAR
    std::uint16_t sar_width = 0;         ///< from Table E-1 or Extended_SAR; 0 if unspecified
    std::uint16_t sar_height = 0;
    bool overscan_info_present = false;
    bool overscan_appropriate = false;
    bool video_signal_type_present = false;
    std::uint8_t video_format = 5;       ///< 5 = unspecified
    bool video_full_range = false;
    bool colour_description_present = false;
    std::uint8_t colour_primaries = 2;   ///< 2 = unspecified
    std::uint8_t transfer_characteristics = 2;
    std::uint8_t matrix_coefficients = 2;
    bool chroma_loc_info_present = false;
    std::uint8_t chroma_sample_loc_type_top_field = 0;     ///< 0..5
    std::uint8_t chroma_sample_loc_type_bottom_field = 0;  ///< 0..5
    bool timing_info_present = false;
    std::uint32_t num_units_in_tick = 0;
    std::uint32_t time_scale = 0;
    bool fixed_frame_rate = false;
    bool nal_hrd_present = false;
    bool vcl_hrd_present = false;
    bool low_delay_hrd = false;
    bool pic_struct_present = false;
    /// False also when an encoder cut this last part short (tolerated).
    bool bitstream_restriction_present = false;
    bool motion_vectors_over_pic_boundaries = false;
    std::uint32_t max_bytes_per_pic_denom = 0;
    std::uint32_t max_bits_per_mb_denom = 0;
    std::uint32_t log2_max_mv_length_horizontal = 0;
    std::uint32_t log2_max_mv_length_vertical = 0;
    std::uint32_t max_num_reorder_frames = 0;
    std::uint32_t max_dec_frame_buffering = 0;
    bool operator==(const vui_parameters&) const = default;
};

/// seq_parameter_set_data() (ITU-T H.264 7.3.2.1.1, semantics 7.4.2.1.1).
/// Values are stored as meant ("minus1"/"minus4"/"minus8" already added back).
struct seq_parameter_set {
    std::uint8_t profile_idc = 0;
    std::uint8_t constraint_flags = 0;  ///< constraint_set0_flag in bit 7 ... set5 in bit 2
    std::uint8_t level_idc = 0;
    std::uint32_t id = 0;               ///< seq_parameter_set_id, 0..31
    std::uint32_t chroma_format_idc = 1;  ///< 0 = 4:0:0, 1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4
    bool separate_colour_plane = false;
    std::uint32_t bit_depth_luma = 8;     ///< 8..14
    std::uint32_t bit_depth_chroma = 8;   ///< 8..14
    bool qpprime_y_zero_transform_bypass = false;
    bool seq_scaling_matrix_present = false;  ///< the lists themselves are skipped
    std::uint32_t log2_max_frame_num = 4;     ///< 4..16
    std::uint32_t pic_order_cnt_type = 0;     ///< 0..2
    std::uint32_t log2_max_pic_order_cnt_lsb = 4;  ///< 4..16, type 0
    bool delta_pic_order_always_zero = false;      ///< type 1
    std::int32_t offset_for_non_ref_pic = 0;       ///< type 1
    std::int32_t offset_for_top_to_bottom_field = 0;  ///< type 1
    std::vector<std::int32_t> offset_for_ref_frame;   ///< type 1, at most 255
    std::uint32_t max_num_ref_frames = 0;             ///< 0..16
    bool gaps_in_frame_num_allowed = false;
    std::uint32_t pic_width_in_mbs = 0;         ///< 1..2048
    std::uint32_t pic_height_in_map_units = 0;  ///< frame height in MBs = this * (2 - frame_mbs_only)
    bool frame_mbs_only = true;
    bool mb_adaptive_frame_field = false;
    bool direct_8x8_inference = false;
    bool frame_cropping = false;
    std::uint32_t crop_left = 0;    ///< frame_crop_*_offset, in CropUnitX/CropUnitY units
    std::uint32_t crop_right = 0;
    std::uint32_t crop_top = 0;
    std::uint32_t crop_bottom = 0;
    std::optional<vui_parameters> vui;

    /// constraint_setN_flag for N in 0..5.
    bool constraint_set(unsigned n) const noexcept { return n < 6 && ((constraint_flags >> (7 - n)) & 1); }
    /// ChromaArrayType: 0 with separate colour planes, else chroma_format_idc.
    std::uint32_t chroma_array_type() const noexcept;
    /// Luma width after cropping (7.4.2.1.1, CropUnitX per chroma format).
    std::uint32_t width() const noexcept;
    /// Luma frame height after cropping (CropUnitY also counts fields).
    std::uint32_t height() const noexcept;
    /// Frames per second time_scale / (2 * num_units_in_tick) from VUI timing
    /// (E.2.1); nullopt without timing info or with a zero field.
    std::optional<double> frame_rate() const noexcept;
    /// RFC 6381 codec string "avc1.PPCCLL" in upper-case hex, e.g. "avc1.4D401E".
    std::string codec_string() const;

    bool operator==(const seq_parameter_set&) const = default;
};

/// Parses a whole SPS NAL unit (header byte 0x67 etc., emulation prevention
/// still in). Errors: empty_nal_unit, not_sps, truncated, and one code per
/// out-of-range field (bad_sps_id, bad_chroma_format, ... bad_vui).
lal::result<seq_parameter_set> parse_sps(byte_span nal);

}  // namespace lal::avc
