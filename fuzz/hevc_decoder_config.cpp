// SPDX-License-Identifier: MIT
// HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1), the FLV/RTMP
// HEVC sequence header.
// Properties:
// - a parsed record builds into no more bytes than it came from, and
//   parse -> build -> parse gives the same record and the same bytes;
// - fields stay within their widths, the length size is 1, 2 or 4;
// - every SPS it carries goes through the SPS parser unharmed, and a
//   parsed one has a picture of at least 1x1.
#include <cstdint>
#include <vector>

#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>

#include "fuzz_support.hpp"

namespace hevc = lal::hevc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto record = hevc::parse_decoder_configuration_record(in);
    if (!record) {
        LAL_FUZZ_CHECK(record.error().category() == hevc::category());
        return 0;
    }
    LAL_FUZZ_CHECK(record->length_size == 1 || record->length_size == 2 || record->length_size == 4);
    LAL_FUZZ_CHECK(record->arrays.size() <= 255);
    LAL_FUZZ_CHECK(record->ptl.profile_space <= 3 && record->ptl.profile_idc <= 31);
    LAL_FUZZ_CHECK(record->min_spatial_segmentation <= 0x0fff && record->parallelism_type <= 3);
    LAL_FUZZ_CHECK(record->bit_depth_luma >= 8 && record->bit_depth_luma <= 15);
    for (const auto& a : record->arrays) {
        LAL_FUZZ_CHECK(a.type <= 63 && a.units.size() <= 0xffff);
        for (const auto& u : a.units) LAL_FUZZ_CHECK(u.size() <= 0xffff);
    }
    LAL_FUZZ_CHECK(record->codec_string().rfind("hvc1.", 0) == 0);

    std::vector<std::byte> built;
    LAL_FUZZ_CHECK(!hevc::append_decoder_configuration_record(*record, built));
    LAL_FUZZ_CHECK(built.size() <= in.size());
    auto again = hevc::parse_decoder_configuration_record(built);
    LAL_FUZZ_CHECK(again.has_value() && *again == *record);
    std::vector<std::byte> rebuilt;
    LAL_FUZZ_CHECK(!hevc::append_decoder_configuration_record(*again, rebuilt));
    LAL_FUZZ_CHECK(rebuilt == built);

    for (auto sps : record->units_of(hevc::nal_type::sps)) {
        if (auto s = hevc::parse_sps(sps)) LAL_FUZZ_CHECK(s->width() >= 1 && s->height() >= 1);
    }
    return 0;
}
