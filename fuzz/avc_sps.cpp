// SPDX-License-Identifier: MIT
// H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1, VUI E.1.1).
// Properties:
// - every accepted SPS has its fields in the ranges 7.4.2.1.1 allows and a
//   picture size within the 2048-macroblock bound;
// - the same SPS comes out of its RBSP (when it ends in a non-zero byte, as
//   rbsp_trailing_bits do) written back with canonical emulation prevention
//   (7.4.1), so the parser's own 0x03 removal agrees with remove_emulation_prevention;
// - an avcC record made from it builds and parses back to itself.
#include <cmath>
#include <cstdint>
#include <vector>

#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/emulation_prevention.hpp>
#include <lal/avc/sps.hpp>

#include "fuzz_support.hpp"

namespace avc = lal::avc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto sps = avc::parse_sps(in);
    if (!sps) {
        LAL_FUZZ_CHECK(sps.error().category() == avc::category());
        return 0;
    }
    LAL_FUZZ_CHECK(sps->id <= 31);
    LAL_FUZZ_CHECK(sps->chroma_format_idc <= 3);
    LAL_FUZZ_CHECK(sps->bit_depth_luma >= 8 && sps->bit_depth_luma <= 14);
    LAL_FUZZ_CHECK(sps->bit_depth_chroma >= 8 && sps->bit_depth_chroma <= 14);
    LAL_FUZZ_CHECK(sps->log2_max_frame_num >= 4 && sps->log2_max_frame_num <= 16);
    LAL_FUZZ_CHECK(sps->pic_order_cnt_type <= 2);
    LAL_FUZZ_CHECK(sps->offset_for_ref_frame.size() <= 255);
    LAL_FUZZ_CHECK(sps->max_num_ref_frames <= 16);
    LAL_FUZZ_CHECK(sps->pic_width_in_mbs >= 1 && sps->pic_width_in_mbs <= 2048);
    LAL_FUZZ_CHECK(sps->pic_height_in_map_units >= 1 && sps->pic_height_in_map_units <= 2048);
    LAL_FUZZ_CHECK(sps->width() >= 1 && sps->width() <= 2048 * 16);
    LAL_FUZZ_CHECK(sps->height() >= 1 && sps->height() <= 2048 * 16 * 2);
    if (auto rate = sps->frame_rate()) LAL_FUZZ_CHECK(std::isfinite(*rate) && *rate > 0);
    LAL_FUZZ_CHECK(sps->codec_string().size() == 11);

    // An RBSP ends in rbsp_trailing_bits, so in a non-zero byte (7.3.2.11). One
    // that ends in 0x00 gets a 0x03 appended by the writer (7.4.1), which
    // readers keep as data: such input cannot come back the same.
    auto rbsp = avc::remove_emulation_prevention(in);
    if (!rbsp.empty() && rbsp.back() != std::byte{0}) {
        std::vector<std::byte> canonical;
        avc::append_emulation_prevention(rbsp, canonical);
        auto again = avc::parse_sps(canonical);
        LAL_FUZZ_CHECK(again.has_value());
        LAL_FUZZ_CHECK(*again == *sps);
    }

    static const std::vector<std::byte> pps{std::byte{0x68}, std::byte{0xee}, std::byte{0x3c}, std::byte{0x80}};
    auto record = avc::make_decoder_configuration_record(in, pps);
    LAL_FUZZ_CHECK(record.has_value());
    LAL_FUZZ_CHECK(record->profile_indication == sps->profile_idc);
    LAL_FUZZ_CHECK(record->level_indication == sps->level_idc);
    std::vector<std::byte> avcc;
    auto ec = avc::append_decoder_configuration_record(*record, avcc);
    if (ec) {
        // Only an SPS too long for the 16-bit length field may fail here.
        LAL_FUZZ_CHECK(ec == avc::errc::nal_unit_too_large && in.size() > 0xffff);
        return 0;
    }
    auto parsed = avc::parse_decoder_configuration_record(avcc);
    LAL_FUZZ_CHECK(parsed.has_value() && *parsed == *record);
    return 0;
}
