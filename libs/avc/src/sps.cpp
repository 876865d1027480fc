// SPDX-License-Identifier: MIT
#include <lal/avc/sps.hpp>

#include <array>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/base/rbsp_reader.hpp>

namespace lal::avc {
namespace {

using lal::rbsp_reader;

// Sanity bound on each picture dimension in macroblocks (32768 samples);
// level 6.2 allows at most about 1055 macroblocks on a side.
constexpr std::uint32_t max_mbs_per_side = 2048;

// 7.3.2.1.1: the profiles whose SPS carries chroma format, bit depth and scaling matrices.
bool has_chroma_info(std::uint8_t profile_idc) noexcept {
    switch (profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83: case 86:
    case 118: case 128: case 138: case 139: case 134: case 135:
        return true;
    default:
        return false;
    }
}

// 7.3.2.1.1.1 scaling_list(): read only to move past it.
std::error_code skip_scaling_list(rbsp_reader& r, unsigned size) {
    std::int32_t last_scale = 8;
    std::int32_t next_scale = 8;
    for (unsigned j = 0; j < size; ++j) {
        if (next_scale != 0) {
            auto delta = r.se();
            if (delta < -128 || delta > 127) return errc::bad_scaling_list;
            next_scale = (last_scale + delta + 256) % 256;
        }
        last_scale = next_scale == 0 ? last_scale : next_scale;
    }
    return {};
}

// E.1.2 hrd_parameters(): checked and skipped.
std::error_code skip_hrd(rbsp_reader& r) {
    auto cpb_cnt = r.ue() + std::uint64_t{1};
    if (cpb_cnt > 32) return errc::bad_vui;
    r.u(4);  // bit_rate_scale
    r.u(4);  // cpb_size_scale
    for (std::uint64_t i = 0; i < cpb_cnt; ++i) {
        r.ue();    // bit_rate_value_minus1
        r.ue();    // cpb_size_value_minus1
        r.flag();  // cbr_flag
    }
    r.u(20);  // four 5-bit delay/offset lengths
    return {};
}

// Table E-1: sample aspect ratios of aspect_ratio_idc 1..16.
constexpr std::array<std::array<std::uint16_t, 2>, 17> sar_table = {{
    {0, 0}, {1, 1}, {12, 11}, {10, 11}, {16, 11}, {40, 33}, {24, 11}, {20, 11}, {32, 11},
    {80, 33}, {18, 11}, {15, 11}, {64, 33}, {160, 99}, {4, 3}, {3, 2}, {2, 1}}};
constexpr std::uint8_t extended_sar = 255;

std::error_code parse_vui(rbsp_reader& r, vui_parameters& v) {
    v.aspect_ratio_info_present = r.flag();
    if (v.aspect_ratio_info_present) {
        v.aspect_ratio_idc = static_cast<std::uint8_t>(r.u(8));
        if (v.aspect_ratio_idc == extended_sar) {
            v.sar_width = static_cast<std::uint16_t>(r.u(16));
            v.sar_height = static_cast<std::uint16_t>(r.u(16));
        } else if (v.aspect_ratio_idc < sar_table.size()) {
            v.sar_width = sar_table[v.aspect_ratio_idc][0];
            v.sar_height = sar_table[v.aspect_ratio_idc][1];
        }
    }
    v.overscan_info_present = r.flag();
    if (v.overscan_info_present) v.overscan_appropriate = r.flag();
    v.video_signal_type_present = r.flag();
    if (v.video_signal_type_present) {
        v.video_format = static_cast<std::uint8_t>(r.u(3));
        v.video_full_range = r.flag();
        v.colour_description_present = r.flag();
        if (v.colour_description_present) {
            v.colour_primaries = static_cast<std::uint8_t>(r.u(8));
            v.transfer_characteristics = static_cast<std::uint8_t>(r.u(8));
            v.matrix_coefficients = static_cast<std::uint8_t>(r.u(8));
        }
    }
    v.chroma_loc_info_present = r.flag();
    if (v.chroma_loc_info_present) {
        auto top = r.ue();
        auto bottom = r.ue();
        if (top > 5 || bottom > 5) return errc::bad_vui;
        v.chroma_sample_loc_type_top_field = static_cast<std::uint8_t>(top);
        v.chroma_sample_loc_type_bottom_field = static_cast<std::uint8_t>(bottom);
    }
    v.timing_info_present = r.flag();
    if (v.timing_info_present) {
        v.num_units_in_tick = r.u(32);
        v.time_scale = r.u(32);
        v.fixed_frame_rate = r.flag();
    }
    v.nal_hrd_present = r.flag();
    if (v.nal_hrd_present) {
        if (auto ec = skip_hrd(r)) return ec;
    }
    v.vcl_hrd_present = r.flag();
    if (v.vcl_hrd_present) {
        if (auto ec = skip_hrd(r)) return ec;
    }
    if (v.nal_hrd_present || v.vcl_hrd_present) v.low_delay_hrd = r.flag();
    v.pic_struct_present = r.flag();
    v.bitstream_restriction_present = r.flag();
    if (r.failed()) return errc::truncated;
    if (v.bitstream_restriction_present) {
        v.motion_vectors_over_pic_boundaries = r.flag();
        v.max_bytes_per_pic_denom = r.ue();
        v.max_bits_per_mb_denom = r.ue();
        v.log2_max_mv_length_horizontal = r.ue();
        v.log2_max_mv_length_vertical = r.ue();
        v.max_num_reorder_frames = r.ue();
        v.max_dec_frame_buffering = r.ue();
        if (r.failed()) {
            // Some encoders cut the SPS short inside bitstream_restriction;
            // everything before it is intact, so keep that and drop this part.
            v.bitstream_restriction_present = false;
            v.motion_vectors_over_pic_boundaries = false;
            v.max_bytes_per_pic_denom = v.max_bits_per_mb_denom = 0;
            v.log2_max_mv_length_horizontal = v.log2_max_mv_length_vertical = 0;
            v.max_num_reorder_frames = v.max_dec_frame_buffering = 0;
        }
    }
    return {};
}

// 7.4.2.1.1 Table 6-1: SubWidthC and SubHeightC.
std::uint32_t crop_unit_x(const seq_parameter_set& s) noexcept {
    auto type = s.chroma_array_type();
    return type == 1 || type == 2 ? 2 : 1;
}

std::uint32_t crop_unit_y(const seq_parameter_set& s) noexcept {
    std::uint32_t fields = s.frame_mbs_only ? 1 : 2;
    return (s.chroma_array_type() == 1 ? 2 : 1) * fields;
}

std::uint64_t frame_height_in_mbs(const seq_parameter_set& s) noexcept {
    return std::uint64_t{s.pic_height_in_map_units} * (s.frame_mbs_only ? 1 : 2);
}

}  // namespace

std::uint32_t seq_parameter_set::chroma_array_type() const noexcept {
    return separate_colour_plane ? 0 : chroma_format_idc;
}

std::uint32_t seq_parameter_set::width() const noexcept {
    std::uint64_t full = std::uint64_t{pic_width_in_mbs} * 16;
    std::uint64_t crop = frame_cropping ? std::uint64_t{crop_unit_x(*this)} * (std::uint64_t{crop_left} + crop_right) : 0;
    return crop < full ? static_cast<std::uint32_t>(full - crop) : 0;
}

std::uint32_t seq_parameter_set::height() const noexcept {
    std::uint64_t full = frame_height_in_mbs(*this) * 16;
    std::uint64_t crop = frame_cropping ? std::uint64_t{crop_unit_y(*this)} * (std::uint64_t{crop_top} + crop_bottom) : 0;
    return crop < full ? static_cast<std::uint32_t>(full - crop) : 0;
}

std::optional<double> seq_parameter_set::frame_rate() const noexcept {
    if (!vui || !vui->timing_info_present || vui->num_units_in_tick == 0 || vui->time_scale == 0) {
        return std::nullopt;
    }
    // E.2.1: a frame lasts two ticks (one per field).
    return static_cast<double>(vui->time_scale) / (2.0 * vui->num_units_in_tick);
}

std::string seq_parameter_set::codec_string() const {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string s = "avc1.";
    for (unsigned v : {unsigned{profile_idc}, unsigned{constraint_flags}, unsigned{level_idc}}) {
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

lal::result<seq_parameter_set> parse_sps(byte_span nal) {
    if (nal.empty()) return errc::empty_nal_unit;
    if (nal_type_of(nal) != nal_unit_type::sps) return errc::not_sps;
    const auto rbsp = remove_emulation_prevention(nal.subspan(1));
    rbsp_reader r(rbsp);
    seq_parameter_set s;
    s.profile_idc = static_cast<std::uint8_t>(r.u(8));
    s.constraint_flags = static_cast<std::uint8_t>(r.u(8));
    s.level_idc = static_cast<std::uint8_t>(r.u(8));
    s.id = r.ue();
    if (r.failed()) return errc::truncated;
    if (s.id > 31) return errc::bad_sps_id;

    if (has_chroma_info(s.profile_idc)) {
        s.chroma_format_idc = r.ue();
        if (s.chroma_format_idc > 3) return errc::bad_chroma_format;
        if (s.chroma_format_idc == 3) s.separate_colour_plane = r.flag();
        auto luma = r.ue();
        auto chroma = r.ue();
        if (luma > 6 || chroma > 6) return errc::bad_bit_depth;
        s.bit_depth_luma = luma + 8;
        s.bit_depth_chroma = chroma + 8;
        s.qpprime_y_zero_transform_bypass = r.flag();
        s.seq_scaling_matrix_present = r.flag();
        if (s.seq_scaling_matrix_present) {
            const unsigned lists = s.chroma_format_idc != 3 ? 8 : 12;
            for (unsigned i = 0; i < lists; ++i) {
                if (r.flag()) {
                    if (auto ec = skip_scaling_list(r, i < 6 ? 16 : 64)) return ec;
                }
            }
        }
        if (r.failed()) return errc::truncated;
    }

    auto log2_frame_num = r.ue();
    if (log2_frame_num > 12) return errc::bad_frame_num_size;
    s.log2_max_frame_num = log2_frame_num + 4;
    s.pic_order_cnt_type = r.ue();
    if (s.pic_order_cnt_type > 2) return errc::bad_pic_order_cnt;
    if (s.pic_order_cnt_type == 0) {
        auto log2_lsb = r.ue();
        if (log2_lsb > 12) return errc::bad_pic_order_cnt;
        s.log2_max_pic_order_cnt_lsb = log2_lsb + 4;
    } else if (s.pic_order_cnt_type == 1) {
        s.delta_pic_order_always_zero = r.flag();
        s.offset_for_non_ref_pic = r.se();
        s.offset_for_top_to_bottom_field = r.se();
        auto cycle = r.ue();
        if (r.failed()) return errc::truncated;
        // 7.4.2.1.1: 0..255; checked before it sizes anything.
        if (cycle > 255) return errc::too_many_poc_cycle_frames;
        s.offset_for_ref_frame.resize(cycle);
        for (auto& offset : s.offset_for_ref_frame) offset = r.se();
    }
    s.max_num_ref_frames = r.ue();
    if (s.max_num_ref_frames > 16) return errc::too_many_ref_frames;
    s.gaps_in_frame_num_allowed = r.flag();
    auto width_mbs = r.ue() + std::uint64_t{1};
    auto height_units = r.ue() + std::uint64_t{1};
    s.frame_mbs_only = r.flag();
    if (!s.frame_mbs_only) s.mb_adaptive_frame_field = r.flag();
    s.direct_8x8_inference = r.flag();
    if (r.failed()) return errc::truncated;
    if (width_mbs > max_mbs_per_side || height_units * (s.frame_mbs_only ? 1 : 2) > max_mbs_per_side) {
        return errc::bad_picture_size;
    }
    s.pic_width_in_mbs = static_cast<std::uint32_t>(width_mbs);
    s.pic_height_in_map_units = static_cast<std::uint32_t>(height_units);

    s.frame_cropping = r.flag();
    if (s.frame_cropping) {
        s.crop_left = r.ue();
        s.crop_right = r.ue();
        s.crop_top = r.ue();
        s.crop_bottom = r.ue();
        if (r.failed()) return errc::truncated;
        // 7.4.2.1.1: the offsets must leave at least one sample each way.
        auto crop_x = std::uint64_t{crop_unit_x(s)} * (std::uint64_t{s.crop_left} + s.crop_right);
        auto crop_y = std::uint64_t{crop_unit_y(s)} * (std::uint64_t{s.crop_top} + s.crop_bottom);
        if (crop_x >= width_mbs * 16 || crop_y >= frame_height_in_mbs(s) * 16) return errc::bad_cropping;
    }
    const bool vui_present = r.flag();
    if (r.failed()) return errc::truncated;
    if (vui_present) {
        vui_parameters v;
        if (auto ec = parse_vui(r, v)) return ec;
        s.vui = v;
    }
    return s;
}

}  // namespace lal::avc
