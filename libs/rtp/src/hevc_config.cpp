// SPDX-License-Identifier: MIT
#include <lal/rtp/hevc_config.hpp>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/base/bit_reader.hpp>
#include <lal/base/byte_reader.hpp>

namespace lal::rtp {
namespace {

/// The fields of hvcC that come from the SPS.
struct sps_fields {
    std::uint8_t profile_byte = 0;        // general_profile_space, tier, profile_idc
    std::uint32_t compatibility = 0;
    std::uint64_t constraints = 0;        // 48 bits
    std::uint8_t level = 0;
    std::uint8_t sub_layers = 1;
    bool temporal_id_nested = false;
    std::uint32_t chroma_format = 1;
    std::uint32_t bit_depth_luma_minus8 = 0;
    std::uint32_t bit_depth_chroma_minus8 = 0;
};

// H.265 7.3.2.2.1 seq_parameter_set_rbsp up to the bit depths, through
// profile_tier_level (7.3.3).
lal::result<sps_fields> read_sps(byte_span sps_nal) {
    if (sps_nal.size() < 3) return errc::empty_payload;
    auto rbsp = avc::remove_emulation_prevention(sps_nal.subspan(2));
    lal::bit_reader r(rbsp);
    sps_fields f;
    r.skip(4);  // sps_video_parameter_set_id
    const auto max_sub_layers_minus1 = r.bits(3).value_or(0);
    f.sub_layers = static_cast<std::uint8_t>(max_sub_layers_minus1 + 1);
    f.temporal_id_nested = r.flag().value_or(false);
    f.profile_byte = static_cast<std::uint8_t>(r.bits(8).value_or(0));
    f.compatibility = r.bits(32).value_or(0);
    const auto hi = r.bits(16).value_or(0);
    const auto lo = r.bits(32).value_or(0);
    f.constraints = (std::uint64_t{hi} << 32) | lo;
    f.level = static_cast<std::uint8_t>(r.bits(8).value_or(0));
    bool profile_present[8] = {};
    bool level_present[8] = {};
    for (unsigned i = 0; i < max_sub_layers_minus1; ++i) {
        profile_present[i] = r.flag().value_or(false);
        level_present[i] = r.flag().value_or(false);
    }
    if (max_sub_layers_minus1 > 0) r.skip(2 * (8 - max_sub_layers_minus1));
    for (unsigned i = 0; i < max_sub_layers_minus1; ++i) {
        if (profile_present[i]) r.skip(88);
        if (level_present[i]) r.skip(8);
    }
    r.ue();  // sps_seq_parameter_set_id
    f.chroma_format = r.ue().value_or(1);
    if (f.chroma_format == 3) r.skip(1);  // separate_colour_plane_flag
    r.ue();                               // pic_width_in_luma_samples
    r.ue();                               // pic_height_in_luma_samples
    if (r.flag().value_or(false)) {       // conformance_window_flag
        for (int i = 0; i < 4; ++i) r.ue();
    }
    f.bit_depth_luma_minus8 = r.ue().value_or(0);
    f.bit_depth_chroma_minus8 = r.ue().value_or(0);
    if (r.overrun() || f.chroma_format > 3 || f.bit_depth_luma_minus8 > 7 || f.bit_depth_chroma_minus8 > 7)
        return errc::truncated;
    return f;
}

}  // namespace

lal::result<std::vector<std::byte>> make_hevc_config(byte_span vps, byte_span sps, byte_span pps) {
    if (vps.size() < 2 || pps.size() < 2) return errc::empty_payload;
    if (hevc_nal_type(vps) != hevc_nal::vps || hevc_nal_type(pps) != hevc_nal::pps ||
        (sps.size() >= 2 && hevc_nal_type(sps) != hevc_nal::sps))
        return errc::not_parameter_set;
    auto f = read_sps(sps);
    if (!f) return f.error();
    if (vps.size() > 0xffff || sps.size() > 0xffff || pps.size() > 0xffff) return errc::frame_too_large;
    std::vector<std::byte> out;
    lal::byte_writer w(out);
    // ISO/IEC 14496-15 8.3.3.1.2, reserved bits set to 1.
    w.u8(1);
    w.u8(f->profile_byte);
    w.u32(f->compatibility);
    w.be(f->constraints, 6);
    w.u8(f->level);
    w.u16(0xf000);  // min_spatial_segmentation_idc 0
    w.u8(0xfc);     // parallelismType 0
    w.u8(static_cast<std::uint8_t>(0xfc | f->chroma_format));
    w.u8(static_cast<std::uint8_t>(0xf8 | f->bit_depth_luma_minus8));
    w.u8(static_cast<std::uint8_t>(0xf8 | f->bit_depth_chroma_minus8));
    w.u16(0);  // avgFrameRate unknown
    w.u8(static_cast<std::uint8_t>((f->sub_layers & 7) << 3 | (f->temporal_id_nested ? 4 : 0) | 3));
    w.u8(3);
    for (auto [type, nal] : {std::pair{hevc_nal::vps, vps}, {hevc_nal::sps, sps}, {hevc_nal::pps, pps}}) {
        w.u8(static_cast<std::uint8_t>(0x80 | type));  // array_completeness 1
        w.u16(1);
        w.u16(static_cast<std::uint16_t>(nal.size()));
        w.bytes(nal);
    }
    return out;
}

lal::result<std::vector<byte_span>> hevc_config_parameter_sets(byte_span hvcc) {
    lal::byte_reader r(hvcc);
    if (!r.skip(22)) return errc::truncated;
    auto arrays = r.u8();
    if (!arrays) return errc::truncated;
    std::vector<byte_span> out;
    for (unsigned a = 0; a < *arrays; ++a) {
        r.skip(1);
        auto count = r.u16();
        if (!count) return errc::truncated;
        for (unsigned i = 0; i < *count; ++i) {
            auto len = r.u16();
            if (!len) return errc::truncated;
            auto nal = r.bytes(*len);
            if (!nal) return errc::truncated;
            out.push_back(*nal);
        }
    }
    return out;
}

}  // namespace lal::rtp
