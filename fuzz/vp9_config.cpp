// SPDX-License-Identifier: MIT
// VPCodecConfigurationRecord "vpcC" (VP Codec ISO Media File Format Binding 2.2).
// Properties:
// - errors are lal::vp9 errors;
// - a parsed record obeys VP9's rules (profile <= 3; 8-bit for profiles 0/1,
//   10/12-bit for 2/3; 4:2:0 exactly for profiles 0/2);
// - it builds to 12 bytes that parse back equal, and its codecs string names
//   its profile, level and bit depth.
#include <cstdint>
#include <vector>

#include <lal/vp9/codec_configuration_record.hpp>

#include "fuzz_support.hpp"

namespace vp9 = lal::vp9;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto rec = vp9::parse_codec_configuration_record(in);
    if (!rec) {
        LAL_FUZZ_CHECK(rec.error().category() == vp9::category());
        return 0;
    }
    LAL_FUZZ_CHECK(rec->profile <= 3);
    LAL_FUZZ_CHECK((rec->profile < 2) == (rec->bit_depth == 8));
    const bool yuv420 = rec->chroma_subsampling == vp9::chroma::yuv420_vertical ||
                        rec->chroma_subsampling == vp9::chroma::yuv420_colocated;
    LAL_FUZZ_CHECK(yuv420 == (rec->profile % 2 == 0));
    std::vector<std::byte> built;
    vp9::append_codec_configuration_record(*rec, built);
    LAL_FUZZ_CHECK(built.size() == 12);
    auto back = vp9::parse_codec_configuration_record(built);
    LAL_FUZZ_CHECK(back.has_value() && *back == *rec);
    LAL_FUZZ_CHECK(rec->codec_string().rfind("vp09.0", 0) == 0);
    return 0;
}
