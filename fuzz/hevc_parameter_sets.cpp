// SPDX-License-Identifier: MIT
// H.265 VPS, SPS and PPS parsers (ITU-T H.265 7.3.2). The input is one NAL
// unit, parsed as whatever its header says.
// Properties:
// - every error is a lal::hevc error, and a parser never accepts another type;
// - SPS fields stay in their 7.4.3.2.1 ranges, the picture left by the
//   conformance window is at least 1x1 and within the coded size;
// - the same NAL unit with its emulation prevention redone canonically
//   parses the same;
// - an hvcC made from an SPS (with fixed VPS and PPS) round-trips and keeps
//   the SPS's profile, level and format.
#include <cstdint>
#include <string_view>
#include <vector>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>

#include "fuzz_support.hpp"

namespace hevc = lal::hevc;

namespace {

// The NAL unit with its payload's emulation prevention removed and redone (7.4.2).
std::vector<std::byte> canonical(lal::byte_span nal) {
    std::vector<std::byte> out(nal.begin(), nal.begin() + 2);
    lal::avc::append_emulation_prevention(lal::avc::remove_emulation_prevention(nal.subspan(2)), out);
    return out;
}

// An x265 VPS and PPS (tests/hevc/vectors.hpp).
std::vector<std::byte> bytes_of_hex(std::string_view hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
        out.push_back(static_cast<std::byte>(digit(hex[i]) * 16 + digit(hex[i + 1])));
    }
    return out;
}
const std::vector<std::byte> vps = bytes_of_hex("40010c01ffff01600000030090000003000003003c959809");
const std::vector<std::byte> pps = bytes_of_hex("4401c172b46240");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    const auto type = hevc::nal_type_of(in);
    auto v = hevc::parse_vps(in);
    auto s = hevc::parse_sps(in);
    auto p = hevc::parse_pps(in);
    for (auto ec : {v ? std::error_code{} : v.error(), s ? std::error_code{} : s.error(),
                    p ? std::error_code{} : p.error()}) {
        LAL_FUZZ_CHECK(!ec || ec.category() == hevc::category());
    }
    LAL_FUZZ_CHECK(!v || type == hevc::nal_type::vps);
    LAL_FUZZ_CHECK(!s || type == hevc::nal_type::sps);
    LAL_FUZZ_CHECK(!p || type == hevc::nal_type::pps);
    if (in.size() < 2) return 0;
    const auto again = canonical(in);
    if (v) {
        LAL_FUZZ_CHECK(v->max_sub_layers_minus1 <= 6);
        auto w = hevc::parse_vps(again);
        LAL_FUZZ_CHECK(w.has_value() && *w == *v);
    }
    if (p) {
        LAL_FUZZ_CHECK(p->id <= 63 && p->sps_id <= 15);
        auto q = hevc::parse_pps(again);
        LAL_FUZZ_CHECK(q.has_value() && *q == *p);
    }
    if (!s) return 0;
    LAL_FUZZ_CHECK(s->id <= 15 && s->chroma_format_idc <= 3 && s->max_sub_layers_minus1 <= 6);
    LAL_FUZZ_CHECK(s->bit_depth_luma >= 8 && s->bit_depth_luma <= 16);
    LAL_FUZZ_CHECK(s->bit_depth_chroma >= 8 && s->bit_depth_chroma <= 16);
    LAL_FUZZ_CHECK(s->width() >= 1 && s->width() <= s->pic_width);
    LAL_FUZZ_CHECK(s->height() >= 1 && s->height() <= s->pic_height);
    auto t = hevc::parse_sps(again);
    LAL_FUZZ_CHECK(t.has_value() && *t == *s);
    LAL_FUZZ_CHECK(!hevc::codec_string(s->ptl).empty());

    if (in.size() > 0xffff) return 0;
    auto rec = hevc::make_decoder_configuration_record(vps, in, pps);
    if (s->bit_depth_luma > 15 || s->bit_depth_chroma > 15) {
        // 16-bit samples: valid H.265, but hvcC's 3-bit depth fields cannot say so.
        LAL_FUZZ_CHECK(!rec && rec.error() == hevc::errc::bad_bit_depth);
        return 0;
    }
    LAL_FUZZ_CHECK(rec.has_value());
    LAL_FUZZ_CHECK(rec->ptl == s->ptl && rec->chroma_format == s->chroma_format_idc);
    LAL_FUZZ_CHECK(rec->bit_depth_luma == s->bit_depth_luma && rec->bit_depth_chroma == s->bit_depth_chroma);
    std::vector<std::byte> built;
    LAL_FUZZ_CHECK(!hevc::append_decoder_configuration_record(*rec, built));
    auto back = hevc::parse_decoder_configuration_record(built);
    LAL_FUZZ_CHECK(back.has_value() && *back == *rec);
    return 0;
}
