// SPDX-License-Identifier: MIT
#include <lal/av1/codec_configuration_record.hpp>

#include <lal/av1/obu.hpp>

namespace lal::av1 {

std::string codec_configuration_record::codec_string() const {
    // AV1-ISOBMFF "Codecs Parameter String": av01.P.LLT.DD, the short form.
    std::string s = "av01.";
    s += static_cast<char>('0' + profile);
    s += '.';
    s += static_cast<char>('0' + level_idx / 10);
    s += static_cast<char>('0' + level_idx % 10);
    s += tier ? 'H' : 'M';
    s += '.';
    const auto depth = bit_depth();
    s += static_cast<char>('0' + depth / 10);
    s += static_cast<char>('0' + depth % 10);
    return s;
}

lal::result<codec_configuration_record> parse_codec_configuration_record(byte_span in) {
    if (in.size() < 4) return errc::truncated;
    const auto b = [&](std::size_t i) { return std::to_integer<unsigned>(in[i]); };
    // AV1-ISOBMFF 2.3.3: marker(1) version(7); seq_profile(3) seq_level_idx_0(5);
    // seq_tier_0 high_bitdepth twelve_bit monochrome chroma_subsampling_x
    // chroma_subsampling_y chroma_sample_position(2); reserved(3)
    // initial_presentation_delay_present(1) delay_minus_one or reserved(4).
    if (!(b(0) & 0x80)) return errc::bad_marker;
    if ((b(0) & 0x7f) != 1) return errc::unsupported_version;
    codec_configuration_record rec;
    rec.profile = static_cast<std::uint8_t>(b(1) >> 5);
    rec.level_idx = static_cast<std::uint8_t>(b(1) & 0x1f);
    rec.tier = (b(2) & 0x80) != 0;
    rec.high_bitdepth = (b(2) & 0x40) != 0;
    rec.twelve_bit = (b(2) & 0x20) != 0;
    rec.monochrome = (b(2) & 0x10) != 0;
    rec.subsampling_x = (b(2) & 0x08) != 0;
    rec.subsampling_y = (b(2) & 0x04) != 0;
    rec.chroma_sample_position = static_cast<std::uint8_t>(b(2) & 3);
    if (b(3) & 0x10) rec.initial_presentation_delay = static_cast<std::uint8_t>((b(3) & 0x0f) + 1);
    rec.config_obus = to_vector(in.subspan(4));
    return rec;
}

void append_codec_configuration_record(const codec_configuration_record& rec, std::vector<std::byte>& out) {
    const auto bit = [](bool v, unsigned shift) { return v ? 1u << shift : 0u; };
    out.push_back(std::byte{0x81});
    out.push_back(static_cast<std::byte>((rec.profile & 7u) << 5 | (rec.level_idx & 0x1fu)));
    out.push_back(static_cast<std::byte>(bit(rec.tier, 7) | bit(rec.high_bitdepth, 6) | bit(rec.twelve_bit, 5) |
                                         bit(rec.monochrome, 4) | bit(rec.subsampling_x, 3) |
                                         bit(rec.subsampling_y, 2) | (rec.chroma_sample_position & 3u)));
    const auto delay = rec.initial_presentation_delay.value_or(0);
    out.push_back(static_cast<std::byte>(rec.initial_presentation_delay && delay > 0 ? 0x10u | ((delay - 1u) & 0x0fu) : 0u));
    out.insert(out.end(), rec.config_obus.begin(), rec.config_obus.end());
}

lal::result<codec_configuration_record> make_codec_configuration_record(byte_span obus) {
    auto list = split_obus(obus);
    if (!list) return list.error();
    for (const auto& o : *list) {
        if (o.type != obu_type::sequence_header) continue;
        auto s = parse_sequence_header(o.payload);
        if (!s) return s.error();
        codec_configuration_record rec;
        rec.profile = s->profile;
        rec.level_idx = s->level_idx;
        rec.tier = s->tier;
        rec.high_bitdepth = s->high_bitdepth;
        rec.twelve_bit = s->twelve_bit;
        rec.monochrome = s->monochrome;
        rec.subsampling_x = s->subsampling_x;
        rec.subsampling_y = s->subsampling_y;
        rec.chroma_sample_position = s->chroma_sample_position;
        // AV1-ISOBMFF 2.3.4: configOBUs holds the sequence header; a last OBU
        // without obu_size is given one so the record stays splittable.
        if (o.whole.size() > 0 && (std::to_integer<unsigned>(o.whole[0]) & 0x02)) {
            rec.config_obus = to_vector(o.whole);
        } else {
            const auto header_size = o.whole.size() - o.payload.size();
            rec.config_obus.assign(o.whole.begin(), o.whole.begin() + static_cast<std::ptrdiff_t>(header_size));
            rec.config_obus[0] |= std::byte{0x02};
            append_leb128(static_cast<std::uint32_t>(o.payload.size()), rec.config_obus);
            rec.config_obus.insert(rec.config_obus.end(), o.payload.begin(), o.payload.end());
        }
        return rec;
    }
    return errc::no_sequence_header;
}

}  // namespace lal::av1
