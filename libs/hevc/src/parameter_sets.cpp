// SPDX-License-Identifier: MIT
#include <lal/hevc/parameter_sets.hpp>

#include <charconv>
#include <vector>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/hevc/nal.hpp>

namespace lal::hevc {
namespace {

// A bound on either picture dimension: sqrt(8 * MaxLumaPs) of level 6.2
// (H.265 A.4.1, Table A.8), as encoders cannot exceed it.
constexpr std::uint32_t max_dimension = 16888;

// The RBSP of a parameter set NAL unit of `type`: header checked, emulation
// prevention removed (7.4.2).
lal::result<std::vector<std::byte>> rbsp_of(byte_span nal, std::uint8_t type) {
    auto h = parse_nal_header(nal);
    if (!h) return h.error();
    if (h->type != type) return errc::wrong_nal_type;
    return avc::remove_emulation_prevention(nal.subspan(2));
}

// Appends `v` in `base` (upper-case hex digits).
void append_number(std::string& out, std::uint64_t v, int base) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, v, base).ptr;
    for (auto* p = buf; p != end; ++p) out += base == 16 && *p >= 'a' ? static_cast<char>(*p - 'a' + 'A') : *p;
}

}  // namespace

std::uint32_t seq_parameter_set::width() const noexcept {
    // 6.2, Table 6-1: SubWidthC is 2 for 4:2:0 and 4:2:2 unless the colour
    // planes are coded separately (ChromaArrayType 0).
    const std::uint32_t sub = (chroma_format_idc == 1 || chroma_format_idc == 2) && !separate_colour_plane ? 2 : 1;
    return pic_width - sub * (conf_left + conf_right);
}

std::uint32_t seq_parameter_set::height() const noexcept {
    const std::uint32_t sub = chroma_format_idc == 1 && !separate_colour_plane ? 2 : 1;
    return pic_height - sub * (conf_top + conf_bottom);
}

lal::result<video_parameter_set> parse_vps(byte_span nal) {
    auto rbsp = rbsp_of(nal, nal_type::vps);
    if (!rbsp) return rbsp.error();
    lal::rbsp_reader r(*rbsp);
    // 7.3.2.1: vps_video_parameter_set_id(4) base_layer_internal(1)
    // base_layer_available(1) max_layers_minus1(6) max_sub_layers_minus1(3)
    // temporal_id_nesting(1) reserved_0xffff_16bits(16) profile_tier_level.
    video_parameter_set v;
    v.id = static_cast<std::uint8_t>(r.u(4));
    r.skip(2);
    v.max_layers_minus1 = static_cast<std::uint8_t>(r.u(6));
    v.max_sub_layers_minus1 = static_cast<std::uint8_t>(r.u(3));
    v.temporal_id_nesting = r.flag();
    r.skip(16);
    if (r.failed()) return errc::truncated;
    if (v.max_sub_layers_minus1 > 6) return errc::bad_sub_layers;
    v.ptl = read_profile_tier_level(r, v.max_sub_layers_minus1);
    if (r.failed()) return errc::truncated;
    return v;
}

lal::result<seq_parameter_set> parse_sps(byte_span nal) {
    auto rbsp = rbsp_of(nal, nal_type::sps);
    if (!rbsp) return rbsp.error();
    lal::rbsp_reader r(*rbsp);
    seq_parameter_set s;
    // 7.3.2.2.1.
    s.vps_id = static_cast<std::uint8_t>(r.u(4));
    s.max_sub_layers_minus1 = static_cast<std::uint8_t>(r.u(3));
    s.temporal_id_nesting = r.flag();
    if (r.failed()) return errc::truncated;
    if (s.max_sub_layers_minus1 > 6) return errc::bad_sub_layers;
    s.ptl = read_profile_tier_level(r, s.max_sub_layers_minus1);
    const auto id = r.ue();
    const auto chroma = r.ue();
    if (r.failed()) return errc::truncated;
    if (id > 15) return errc::bad_parameter_set_id;
    if (chroma > 3) return errc::bad_chroma_format;
    s.id = static_cast<std::uint8_t>(id);
    s.chroma_format_idc = static_cast<std::uint8_t>(chroma);
    if (chroma == 3) s.separate_colour_plane = r.flag();
    s.pic_width = r.ue();
    s.pic_height = r.ue();
    if (r.flag()) {  // conformance_window_flag
        s.conf_left = r.ue();
        s.conf_right = r.ue();
        s.conf_top = r.ue();
        s.conf_bottom = r.ue();
    }
    const auto luma = r.ue();
    const auto chroma_depth = r.ue();
    if (r.failed()) return errc::truncated;
    if (s.pic_width == 0 || s.pic_height == 0 || s.pic_width > max_dimension || s.pic_height > max_dimension) {
        return errc::bad_picture_size;
    }
    // The offsets are below 2^32 each; their scaled sums fit 64 bits.
    const std::uint64_t sub_w = (chroma == 1 || chroma == 2) && !s.separate_colour_plane ? 2 : 1;
    const std::uint64_t sub_h = chroma == 1 && !s.separate_colour_plane ? 2 : 1;
    if (sub_w * (std::uint64_t{s.conf_left} + s.conf_right) >= s.pic_width ||
        sub_h * (std::uint64_t{s.conf_top} + s.conf_bottom) >= s.pic_height) {
        return errc::bad_conformance_window;
    }
    // 7.4.3.2.1: bit_depth_*_minus8 in 0..8.
    if (luma > 8 || chroma_depth > 8) return errc::bad_bit_depth;
    s.bit_depth_luma = static_cast<std::uint8_t>(luma + 8);
    s.bit_depth_chroma = static_cast<std::uint8_t>(chroma_depth + 8);
    return s;
}

lal::result<pic_parameter_set> parse_pps(byte_span nal) {
    auto rbsp = rbsp_of(nal, nal_type::pps);
    if (!rbsp) return rbsp.error();
    lal::rbsp_reader r(*rbsp);
    pic_parameter_set p;
    // 7.3.2.3.1.
    const auto id = r.ue();
    const auto sps_id = r.ue();
    if (r.failed()) return errc::truncated;
    if (id > 63 || sps_id > 15) return errc::bad_parameter_set_id;
    p.id = static_cast<std::uint8_t>(id);
    p.sps_id = static_cast<std::uint8_t>(sps_id);
    p.dependent_slice_segments_enabled = r.flag();
    p.output_flag_present = r.flag();
    p.num_extra_slice_header_bits = static_cast<std::uint8_t>(r.u(3));
    r.skip(2);  // sign_data_hiding_enabled_flag, cabac_init_present_flag
    r.ue();     // num_ref_idx_l0_default_active_minus1
    r.ue();     // num_ref_idx_l1_default_active_minus1
    r.se();     // init_qp_minus26
    r.skip(2);  // constrained_intra_pred_flag, transform_skip_enabled_flag
    if (r.flag()) r.ue();  // cu_qp_delta_enabled_flag, diff_cu_qp_delta_depth
    r.se();     // pps_cb_qp_offset
    r.se();     // pps_cr_qp_offset
    r.skip(4);  // slice_chroma_qp_offsets_present, weighted_pred, weighted_bipred, transquant_bypass
    p.tiles_enabled = r.flag();
    p.entropy_coding_sync_enabled = r.flag();
    if (r.failed()) return errc::truncated;
    return p;
}

std::string codec_string(const profile_tier_level& ptl, std::string_view sample_entry) {
    // ISO/IEC 14496-15 E.3: profile space letter (none for 0) and profile
    // idc; the compatibility flags in reverse bit order, in hex; tier letter
    // and level; the six constraint bytes in hex, trailing zero bytes left out.
    static constexpr std::string_view spaces[] = {"", "A", "B", "C"};
    std::uint32_t reversed = 0;
    for (unsigned i = 0; i < 32; ++i) {
        if (ptl.compatibility_flags & (1u << i)) reversed |= 1u << (31 - i);
    }
    std::string out(sample_entry);
    out += '.';
    out += spaces[ptl.profile_space & 3];
    append_number(out, ptl.profile_idc, 10);
    out += '.';
    append_number(out, reversed, 16);
    out += ptl.tier ? ".H" : ".L";
    append_number(out, ptl.level_idc, 10);
    unsigned last = 0;
    for (unsigned i = 0; i < 6; ++i) {
        if ((ptl.constraint_flags >> (40 - 8 * i)) & 0xff) last = i + 1;
    }
    for (unsigned i = 0; i < last; ++i) {
        out += '.';
        append_number(out, (ptl.constraint_flags >> (40 - 8 * i)) & 0xff, 16);
    }
    return out;
}

}  // namespace lal::hevc
