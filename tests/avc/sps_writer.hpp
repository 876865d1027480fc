// SPDX-License-Identifier: MIT
// Test helper: writes a seq_parameter_set back to NAL unit bytes (H.264
// 7.3.2.1.1, E.1.1), so tests can make SPSs with fields no encoder at hand
// produces (pic_order_cnt_type 1, scaling lists, out-of-range values).
#pragma once

#include <cstdint>
#include <vector>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/avc/sps.hpp>
#include <lal/base/bit_reader.hpp>

namespace lal::test {

class exp_golomb_writer {
public:
    explicit exp_golomb_writer(std::vector<std::byte>& out) : w_(out) {}
    void u(std::uint32_t v, unsigned n) { w_.bits(v, n); }
    void flag(bool b) { w_.bits(b ? 1 : 0, 1); }
    void ue(std::uint32_t v) {
        auto x = std::uint64_t{v} + 1;
        unsigned len = 0;
        while ((x >> len) > 1) ++len;
        w_.bits(0, len);
        // len + 1 bits of x; split to stay within 32-bit writes.
        if (len + 1 > 32) {
            w_.bits(static_cast<std::uint32_t>(x >> 32), len + 1 - 32);
            w_.bits(static_cast<std::uint32_t>(x), 32);
        } else {
            w_.bits(static_cast<std::uint32_t>(x), len + 1);
        }
    }
    void se(std::int32_t v) {
        auto k = v > 0 ? 2 * static_cast<std::uint32_t>(v) - 1 : 2 * static_cast<std::uint32_t>(-static_cast<std::int64_t>(v));
        ue(k);
    }
    void trailing_bits() {
        w_.bits(1, 1);
        w_.finish();
    }

private:
    lal::bit_writer w_;
};

/// SPS NAL unit bytes for `s`. `scaling` gives, per list, the delta_scale
/// values to write (empty: list not present); used when seq_scaling_matrix_present.
inline std::vector<std::byte> write_sps(const lal::avc::seq_parameter_set& s,
                                        const std::vector<std::vector<std::int32_t>>& scaling = {}) {
    std::vector<std::byte> rbsp;
    exp_golomb_writer w(rbsp);
    w.u(s.profile_idc, 8);
    w.u(s.constraint_flags, 8);
    w.u(s.level_idc, 8);
    w.ue(s.id);
    switch (s.profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83: case 86:
    case 118: case 128: case 138: case 139: case 134: case 135: {
        w.ue(s.chroma_format_idc);
        if (s.chroma_format_idc == 3) w.flag(s.separate_colour_plane);
        w.ue(s.bit_depth_luma - 8);
        w.ue(s.bit_depth_chroma - 8);
        w.flag(s.qpprime_y_zero_transform_bypass);
        w.flag(s.seq_scaling_matrix_present);
        if (s.seq_scaling_matrix_present) {
            unsigned lists = s.chroma_format_idc != 3 ? 8 : 12;
            for (unsigned i = 0; i < lists; ++i) {
                bool present = i < scaling.size() && !scaling[i].empty();
                w.flag(present);
                if (present) {
                    for (auto d : scaling[i]) w.se(d);
                }
            }
        }
        break;
    }
    default:
        break;
    }
    w.ue(s.log2_max_frame_num - 4);
    w.ue(s.pic_order_cnt_type);
    if (s.pic_order_cnt_type == 0) {
        w.ue(s.log2_max_pic_order_cnt_lsb - 4);
    } else if (s.pic_order_cnt_type == 1) {
        w.flag(s.delta_pic_order_always_zero);
        w.se(s.offset_for_non_ref_pic);
        w.se(s.offset_for_top_to_bottom_field);
        w.ue(static_cast<std::uint32_t>(s.offset_for_ref_frame.size()));
        for (auto o : s.offset_for_ref_frame) w.se(o);
    }
    w.ue(s.max_num_ref_frames);
    w.flag(s.gaps_in_frame_num_allowed);
    w.ue(s.pic_width_in_mbs - 1);
    w.ue(s.pic_height_in_map_units - 1);
    w.flag(s.frame_mbs_only);
    if (!s.frame_mbs_only) w.flag(s.mb_adaptive_frame_field);
    w.flag(s.direct_8x8_inference);
    w.flag(s.frame_cropping);
    if (s.frame_cropping) {
        w.ue(s.crop_left);
        w.ue(s.crop_right);
        w.ue(s.crop_top);
        w.ue(s.crop_bottom);
    }
    w.flag(s.vui.has_value());
    if (s.vui) {
        const auto& v = *s.vui;
        w.flag(v.aspect_ratio_info_present);
        if (v.aspect_ratio_info_present) {
            w.u(v.aspect_ratio_idc, 8);
            if (v.aspect_ratio_idc == 255) {
                w.u(v.sar_width, 16);
                w.u(v.sar_height, 16);
            }
        }
        w.flag(v.overscan_info_present);
        if (v.overscan_info_present) w.flag(v.overscan_appropriate);
        w.flag(v.video_signal_type_present);
        if (v.video_signal_type_present) {
            w.u(v.video_format, 3);
            w.flag(v.video_full_range);
            w.flag(v.colour_description_present);
            if (v.colour_description_present) {
                w.u(v.colour_primaries, 8);
                w.u(v.transfer_characteristics, 8);
                w.u(v.matrix_coefficients, 8);
            }
        }
        w.flag(v.chroma_loc_info_present);
        if (v.chroma_loc_info_present) {
            w.ue(v.chroma_sample_loc_type_top_field);
            w.ue(v.chroma_sample_loc_type_bottom_field);
        }
        w.flag(v.timing_info_present);
        if (v.timing_info_present) {
            w.u(v.num_units_in_tick, 32);
            w.u(v.time_scale, 32);
            w.flag(v.fixed_frame_rate);
        }
        auto hrd = [&] {  // one CPB specification
            w.ue(0);
            w.u(4, 4);
            w.u(3, 4);
            w.ue(1000);
            w.ue(2000);
            w.flag(false);
            w.u(23, 5);
            w.u(23, 5);
            w.u(23, 5);
            w.u(24, 5);
        };
        w.flag(v.nal_hrd_present);
        if (v.nal_hrd_present) hrd();
        w.flag(v.vcl_hrd_present);
        if (v.vcl_hrd_present) hrd();
        if (v.nal_hrd_present || v.vcl_hrd_present) w.flag(v.low_delay_hrd);
        w.flag(v.pic_struct_present);
        w.flag(v.bitstream_restriction_present);
        if (v.bitstream_restriction_present) {
            w.flag(v.motion_vectors_over_pic_boundaries);
            w.ue(v.max_bytes_per_pic_denom);
            w.ue(v.max_bits_per_mb_denom);
            w.ue(v.log2_max_mv_length_horizontal);
            w.ue(v.log2_max_mv_length_vertical);
            w.ue(v.max_num_reorder_frames);
            w.ue(v.max_dec_frame_buffering);
        }
    }
    w.trailing_bits();
    std::vector<std::byte> nal{std::byte{0x67}};
    lal::avc::append_emulation_prevention(rbsp, nal);
    return nal;
}

}  // namespace lal::test
