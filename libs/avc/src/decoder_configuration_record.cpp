// SPDX-License-Identifier: MIT
#include <lal/avc/decoder_configuration_record.hpp>

#include <lal/avc/sps.hpp>
#include <lal/base/byte_reader.hpp>

namespace lal::avc {
namespace {

// A u16 length and that many bytes; empty parameter sets are refused.
std::error_code read_parameter_set(lal::byte_reader& r, std::vector<std::vector<std::byte>>& list) {
    auto length = r.u16();
    if (!length) return errc::truncated;
    if (*length == 0) return errc::empty_nal_unit;
    auto bytes = r.bytes(*length);
    if (!bytes) return errc::truncated;
    list.push_back(lal::to_vector(*bytes));
    return {};
}

std::error_code check_parameter_sets(const std::vector<std::vector<std::byte>>& list) {
    for (const auto& nal : list) {
        if (nal.empty()) return errc::empty_nal_unit;
        if (nal.size() > 0xffff) return errc::nal_unit_too_large;
    }
    return {};
}

void write_parameter_sets(lal::byte_writer& w, const std::vector<std::vector<std::byte>>& list) {
    for (const auto& nal : list) {
        w.u16(static_cast<std::uint16_t>(nal.size()));
        w.bytes(nal);
    }
}

}  // namespace

std::string decoder_configuration_record::codec_string() const {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string s = "avc1.";
    for (unsigned v : {unsigned{profile_indication}, unsigned{profile_compatibility},
                       unsigned{level_indication}}) {
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

lal::result<decoder_configuration_record> parse_decoder_configuration_record(byte_span in) {
    lal::byte_reader r(in);
    decoder_configuration_record rec;
    auto head = r.bytes(6);
    if (!head) return errc::truncated;
    auto byte = [&](std::size_t i) { return std::to_integer<std::uint8_t>((*head)[i]); };
    rec.configuration_version = byte(0);
    if (rec.configuration_version != 1) return errc::unsupported_configuration_version;
    rec.profile_indication = byte(1);
    rec.profile_compatibility = byte(2);
    rec.level_indication = byte(3);
    // 5.3.3.1.2: lengthSizeMinusOne is 0, 1 or 3; the reserved bits are not checked.
    rec.length_size = static_cast<std::uint8_t>((byte(4) & 3) + 1);
    if (rec.length_size == 3) return errc::bad_length_size;
    const unsigned num_sps = byte(5) & 0x1f;
    for (unsigned i = 0; i < num_sps; ++i) {
        if (auto ec = read_parameter_set(r, rec.sps)) return ec;
    }
    auto num_pps = r.u8();
    if (!num_pps) return errc::truncated;
    for (unsigned i = 0; i < *num_pps; ++i) {
        if (auto ec = read_parameter_set(r, rec.pps)) return ec;
    }
    if (may_have_extension(rec.profile_indication) && !r.empty()) {
        auto ext_head = r.bytes(4);
        if (!ext_head) return errc::truncated;
        decoder_configuration_record::extension ext;
        ext.chroma_format = std::to_integer<std::uint8_t>((*ext_head)[0]) & 3;
        ext.bit_depth_luma = static_cast<std::uint8_t>((std::to_integer<unsigned>((*ext_head)[1]) & 7) + 8);
        ext.bit_depth_chroma = static_cast<std::uint8_t>((std::to_integer<unsigned>((*ext_head)[2]) & 7) + 8);
        const unsigned num_ext = std::to_integer<unsigned>((*ext_head)[3]);
        for (unsigned i = 0; i < num_ext; ++i) {
            if (auto ec = read_parameter_set(r, ext.sps_ext)) return ec;
        }
        rec.ext = std::move(ext);
    }
    return rec;
}

std::error_code append_decoder_configuration_record(const decoder_configuration_record& rec,
                                                    std::vector<std::byte>& out) {
    if (rec.length_size != 1 && rec.length_size != 2 && rec.length_size != 4) {
        return errc::bad_length_size;
    }
    if (rec.sps.size() > 31 || rec.pps.size() > 255 || (rec.ext && rec.ext->sps_ext.size() > 255)) {
        return errc::too_many_parameter_sets;
    }
    if (auto ec = check_parameter_sets(rec.sps)) return ec;
    if (auto ec = check_parameter_sets(rec.pps)) return ec;
    if (rec.ext) {
        if (auto ec = check_parameter_sets(rec.ext->sps_ext)) return ec;
        if (rec.ext->chroma_format > 3) return errc::bad_chroma_format;
        if (rec.ext->bit_depth_luma < 8 || rec.ext->bit_depth_luma > 15 ||
            rec.ext->bit_depth_chroma < 8 || rec.ext->bit_depth_chroma > 15) {
            return errc::bad_bit_depth;
        }
    }
    lal::byte_writer w(out);
    w.u8(rec.configuration_version);
    w.u8(rec.profile_indication);
    w.u8(rec.profile_compatibility);
    w.u8(rec.level_indication);
    w.u8(static_cast<std::uint8_t>(0xfc | (rec.length_size - 1)));
    w.u8(static_cast<std::uint8_t>(0xe0 | rec.sps.size()));
    write_parameter_sets(w, rec.sps);
    w.u8(static_cast<std::uint8_t>(rec.pps.size()));
    write_parameter_sets(w, rec.pps);
    if (rec.ext) {
        w.u8(static_cast<std::uint8_t>(0xfc | rec.ext->chroma_format));
        w.u8(static_cast<std::uint8_t>(0xf8 | (rec.ext->bit_depth_luma - 8)));
        w.u8(static_cast<std::uint8_t>(0xf8 | (rec.ext->bit_depth_chroma - 8)));
        w.u8(static_cast<std::uint8_t>(rec.ext->sps_ext.size()));
        write_parameter_sets(w, rec.ext->sps_ext);
    }
    return {};
}

lal::result<decoder_configuration_record> make_decoder_configuration_record(
    byte_span sps, byte_span pps, std::size_t length_size) {
    auto parsed = parse_sps(sps);
    if (!parsed) return parsed.error();
    if (pps.empty()) return errc::empty_nal_unit;
    if (length_size != 1 && length_size != 2 && length_size != 4) return errc::bad_length_size;
    decoder_configuration_record rec;
    rec.profile_indication = parsed->profile_idc;
    rec.profile_compatibility = parsed->constraint_flags;
    rec.level_indication = parsed->level_idc;
    rec.length_size = static_cast<std::uint8_t>(length_size);
    rec.sps.push_back(lal::to_vector(sps));
    rec.pps.push_back(lal::to_vector(pps));
    if (may_have_extension(parsed->profile_idc)) {
        decoder_configuration_record::extension ext;
        ext.chroma_format = static_cast<std::uint8_t>(parsed->chroma_format_idc);
        ext.bit_depth_luma = static_cast<std::uint8_t>(parsed->bit_depth_luma);
        ext.bit_depth_chroma = static_cast<std::uint8_t>(parsed->bit_depth_chroma);
        rec.ext = std::move(ext);
    }
    return rec;
}

}  // namespace lal::avc
