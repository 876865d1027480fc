// SPDX-License-Identifier: MIT
// AV1: the AV1CodecConfigurationRecord (AV1-ISOBMFF 2.3.3), OBU splitting
// (AV1 spec 5.3) and the sequence header OBU (5.5). The input is read both
// as an av1C and as a low-overhead OBU sequence.
// Properties:
// - errors are lal::av1 errors; a parsed av1C builds back to the same bytes;
// - OBUs are in-order, non-overlapping views that cover the input exactly;
// - a sequence header has profile <= 2, bit depth 8/10/12 and a size of at
//   least 1x1; a record made from the OBUs carries its fields and parses back.
#include <cstdint>
#include <vector>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/av1/obu.hpp>
#include <lal/av1/sequence_header.hpp>

#include "fuzz_support.hpp"

namespace av1 = lal::av1;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    if (auto rec = av1::parse_codec_configuration_record(in)) {
        std::vector<std::byte> built;
        av1::append_codec_configuration_record(*rec, built);
        auto back = av1::parse_codec_configuration_record(built);
        LAL_FUZZ_CHECK(back.has_value() && *back == *rec);
        // Reserved bits aside, the bytes come back.
        LAL_FUZZ_CHECK(built.size() == in.size());
        LAL_FUZZ_CHECK(rec->codec_string().size() == 13);
    } else {
        LAL_FUZZ_CHECK(rec.error().category() == av1::category());
    }

    auto obus = av1::split_obus(in);
    if (!obus) {
        LAL_FUZZ_CHECK(obus.error().category() == av1::category());
        return 0;
    }
    std::size_t at = 0;
    for (const auto& o : *obus) {
        LAL_FUZZ_CHECK(o.whole.data() == in.data() + at);
        LAL_FUZZ_CHECK(o.payload.data() + o.payload.size() == o.whole.data() + o.whole.size());
        LAL_FUZZ_CHECK(o.type <= 15);
        at += o.whole.size();
    }
    LAL_FUZZ_CHECK(at == in.size());
    auto seq = av1::find_sequence_header(in);
    if (!seq) {
        LAL_FUZZ_CHECK(seq.error().category() == av1::category());
        return 0;
    }
    LAL_FUZZ_CHECK(seq->profile <= 2);
    LAL_FUZZ_CHECK(seq->bit_depth == 8 || seq->bit_depth == 10 || seq->bit_depth == 12);
    LAL_FUZZ_CHECK(seq->max_width >= 1 && seq->max_height >= 1);
    auto made = av1::make_codec_configuration_record(in);
    LAL_FUZZ_CHECK(made.has_value());
    LAL_FUZZ_CHECK(made->profile == seq->profile && made->level_idx == seq->level_idx);
    LAL_FUZZ_CHECK(made->bit_depth() == seq->bit_depth);
    auto from_record = av1::find_sequence_header(made->config_obus);
    LAL_FUZZ_CHECK(from_record.has_value() && *from_record == *seq);
    return 0;
}
