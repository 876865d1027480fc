// SPDX-License-Identifier: MIT
#include <lal/hevc/decoder_configuration_record.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>

namespace lal::hevc {

std::vector<byte_span> decoder_configuration_record::units_of(std::uint8_t type) const {
    std::vector<byte_span> out;
    for (const auto& a : arrays) {
        if (a.type != type) continue;
        for (const auto& u : a.units) out.emplace_back(u);
    }
    return out;
}

std::string decoder_configuration_record::codec_string() const { return hevc::codec_string(ptl); }

lal::result<decoder_configuration_record> parse_decoder_configuration_record(byte_span in) {
    // ISO/IEC 14496-15 8.3.3.1.1: 23 fixed bytes, then numOfArrays arrays.
    lal::byte_reader r(in);
    auto head = r.bytes(23);
    if (!head) return errc::truncated;
    const auto b = [&](std::size_t i) { return std::to_integer<unsigned>((*head)[i]); };
    if (b(0) != 1) return errc::unsupported_configuration_version;
    decoder_configuration_record rec;
    rec.ptl.profile_space = static_cast<std::uint8_t>(b(1) >> 6);
    rec.ptl.tier = (b(1) >> 5) & 1;
    rec.ptl.profile_idc = static_cast<std::uint8_t>(b(1) & 0x1f);
    rec.ptl.compatibility_flags = static_cast<std::uint32_t>(load_be(head->data() + 2, 4));
    rec.ptl.constraint_flags = load_be(head->data() + 6, 6);
    rec.ptl.level_idc = static_cast<std::uint8_t>(b(12));
    rec.min_spatial_segmentation = static_cast<std::uint16_t>(load_be(head->data() + 13, 2) & 0x0fff);
    rec.parallelism_type = static_cast<std::uint8_t>(b(15) & 3);
    rec.chroma_format = static_cast<std::uint8_t>(b(16) & 3);
    rec.bit_depth_luma = static_cast<std::uint8_t>((b(17) & 7) + 8);
    rec.bit_depth_chroma = static_cast<std::uint8_t>((b(18) & 7) + 8);
    rec.avg_frame_rate = static_cast<std::uint16_t>(load_be(head->data() + 19, 2));
    rec.constant_frame_rate = static_cast<std::uint8_t>(b(21) >> 6);
    rec.num_temporal_layers = static_cast<std::uint8_t>((b(21) >> 3) & 7);
    rec.temporal_id_nested = (b(21) >> 2) & 1;
    const auto length_minus1 = b(21) & 3;
    if (length_minus1 == 2) return errc::bad_length_size;
    rec.length_size = static_cast<std::uint8_t>(length_minus1 + 1);
    const auto count = b(22);
    rec.arrays.reserve(count);
    for (unsigned a = 0; a < count; ++a) {
        auto type = r.u8();
        auto units = r.u16();
        if (!type || !units) return errc::truncated;
        nal_array arr;
        arr.completeness = (*type & 0x80) != 0;
        arr.type = static_cast<std::uint8_t>(*type & 0x3f);
        // Each unit needs at least its 2-byte length: bound the count before reserving.
        if (*units > r.remaining() / 2) return errc::truncated;
        arr.units.reserve(*units);
        for (unsigned i = 0; i < *units; ++i) {
            auto length = r.u16();
            if (!length) return errc::truncated;
            auto nal = r.bytes(*length);
            if (!nal) return errc::truncated;
            arr.units.push_back(to_vector(*nal));
        }
        rec.arrays.push_back(std::move(arr));
    }
    return rec;
}

std::error_code append_decoder_configuration_record(const decoder_configuration_record& rec,
                                                    std::vector<std::byte>& out) {
    if (rec.length_size != 1 && rec.length_size != 2 && rec.length_size != 4) return errc::bad_length_size;
    // bitDepth*Minus8 are 3-bit fields: 8..15 bits.
    for (auto depth : {rec.bit_depth_luma, rec.bit_depth_chroma}) {
        if (depth < 8 || depth > 15) return errc::bad_bit_depth;
    }
    if (rec.arrays.size() > 0xff) return errc::too_many_nal_units;
    for (const auto& a : rec.arrays) {
        if (a.units.size() > 0xffff) return errc::too_many_nal_units;
        for (const auto& u : a.units) {
            if (u.size() > 0xffff) return errc::nal_unit_too_large;
        }
    }
    lal::byte_writer w(out);
    const auto& p = rec.ptl;
    // 8.3.3.1.1, reserved bits as '1's.
    w.u8(1);
    w.u8(static_cast<std::uint8_t>((p.profile_space & 3) << 6 | (p.tier ? 0x20 : 0) | (p.profile_idc & 0x1f)));
    w.u32(p.compatibility_flags);
    w.u16(static_cast<std::uint16_t>(p.constraint_flags >> 32));
    w.u32(static_cast<std::uint32_t>(p.constraint_flags));
    w.u8(p.level_idc);
    w.u16(static_cast<std::uint16_t>(0xf000 | (rec.min_spatial_segmentation & 0x0fff)));
    w.u8(static_cast<std::uint8_t>(0xfc | (rec.parallelism_type & 3)));
    w.u8(static_cast<std::uint8_t>(0xfc | (rec.chroma_format & 3)));
    w.u8(static_cast<std::uint8_t>(0xf8 | ((rec.bit_depth_luma - 8) & 7)));
    w.u8(static_cast<std::uint8_t>(0xf8 | ((rec.bit_depth_chroma - 8) & 7)));
    w.u16(rec.avg_frame_rate);
    w.u8(static_cast<std::uint8_t>((rec.constant_frame_rate & 3) << 6 | (rec.num_temporal_layers & 7) << 3 |
                                   (rec.temporal_id_nested ? 4 : 0) | ((rec.length_size - 1) & 3)));
    w.u8(static_cast<std::uint8_t>(rec.arrays.size()));
    for (const auto& a : rec.arrays) {
        w.u8(static_cast<std::uint8_t>((a.completeness ? 0x80 : 0) | (a.type & 0x3f)));
        w.u16(static_cast<std::uint16_t>(a.units.size()));
        for (const auto& u : a.units) {
            w.u16(static_cast<std::uint16_t>(u.size()));
            out.insert(out.end(), u.begin(), u.end());
        }
    }
    return {};
}

lal::result<decoder_configuration_record> make_decoder_configuration_record(byte_span vps, byte_span sps,
                                                                           byte_span pps) {
    auto v = parse_vps(vps);
    if (!v) return v.error();
    auto s = parse_sps(sps);
    if (!s) return s.error();
    // H.265 allows 16-bit samples; hvcC's 3-bit fields stop at 15.
    if (s->bit_depth_luma > 15 || s->bit_depth_chroma > 15) return errc::bad_bit_depth;
    if (auto p = parse_pps(pps); !p) return p.error();
    for (auto unit : {vps, sps, pps}) {
        if (unit.size() > 0xffff) return errc::nal_unit_too_large;
    }
    decoder_configuration_record rec;
    rec.ptl = s->ptl;
    // 8.3.3.1.2: parallelismType qualifies min_spatial_segmentation_idc; that
    // stays 0 (the SPS VUI is not read), so parallelismType is 0 (unknown),
    // as ffmpeg writes it too.
    rec.chroma_format = s->chroma_format_idc;
    rec.bit_depth_luma = s->bit_depth_luma;
    rec.bit_depth_chroma = s->bit_depth_chroma;
    rec.num_temporal_layers = static_cast<std::uint8_t>(s->max_sub_layers_minus1 + 1);
    rec.temporal_id_nested = s->temporal_id_nesting;
    rec.length_size = 4;
    for (auto [type, unit] : {std::pair{nal_type::vps, vps}, {nal_type::sps, sps}, {nal_type::pps, pps}}) {
        rec.arrays.push_back(nal_array{true, type, {to_vector(unit)}});
    }
    return rec;
}

}  // namespace lal::hevc
