// SPDX-License-Identifier: MIT
// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), the FLV/RTMP AVC
// sequence header.
// Properties:
// - a parsed record builds into no more bytes than it came from, and
//   parse -> build -> parse gives the same record and the same bytes;
// - counts stay within the field widths, NAL units are non-empty;
// - each SPS it carries goes through the SPS parser unharmed.
#include <cstdint>
#include <vector>

#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>

#include "fuzz_support.hpp"

namespace avc = lal::avc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto record = avc::parse_decoder_configuration_record(in);
    if (!record) {
        LAL_FUZZ_CHECK(record.error().category() == avc::category());
        return 0;
    }
    LAL_FUZZ_CHECK(record->length_size == 1 || record->length_size == 2 || record->length_size == 4);
    LAL_FUZZ_CHECK(record->sps.size() <= 31 && record->pps.size() <= 255);
    for (const auto& s : record->sps) LAL_FUZZ_CHECK(!s.empty() && s.size() <= 0xffff);
    for (const auto& p : record->pps) LAL_FUZZ_CHECK(!p.empty() && p.size() <= 0xffff);
    if (record->ext) {
        LAL_FUZZ_CHECK(avc::may_have_extension(record->profile_indication));
        LAL_FUZZ_CHECK(record->ext->sps_ext.size() <= 255);
    }
    LAL_FUZZ_CHECK(record->codec_string().size() == 11);

    std::vector<std::byte> built;
    auto ec = avc::append_decoder_configuration_record(*record, built);
    LAL_FUZZ_CHECK(!ec);
    LAL_FUZZ_CHECK(built.size() <= in.size());
    auto again = avc::parse_decoder_configuration_record(built);
    LAL_FUZZ_CHECK(again.has_value() && *again == *record);
    std::vector<std::byte> rebuilt;
    LAL_FUZZ_CHECK(!avc::append_decoder_configuration_record(*again, rebuilt));
    LAL_FUZZ_CHECK(rebuilt == built);

    for (const auto& s : record->sps) {
        if (auto sps = avc::parse_sps(s)) LAL_FUZZ_CHECK(sps->width() >= 1 && sps->height() >= 1);
    }
    return 0;
}
