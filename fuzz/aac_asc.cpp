// SPDX-License-Identifier: MIT
// AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1, GASpecificConfig 4.4.1).
// Properties:
// - a parsed config builds (append_asc succeeds) into no more bytes than it
//   came from, and parse -> build -> parse gives the same config and the same bytes;
// - derived values stay in range: channel count, samples per frame, output
//   rate, codec string.
#include <cstdint>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto asc = lal::aac::parse_asc(in);
    if (!asc) {
        LAL_FUZZ_CHECK(asc.error().category() == lal::aac::category());
        return 0;
    }
    LAL_FUZZ_CHECK(asc->object_type >= 1 && asc->object_type <= 95);
    LAL_FUZZ_CHECK(asc->channel_configuration <= 15);
    if (auto channels = asc->channel_count()) LAL_FUZZ_CHECK(*channels <= 3 * 15 * 2 + 3);
    if (auto samples = asc->samples_per_frame()) LAL_FUZZ_CHECK(*samples >= 480 && *samples <= 1024);
    LAL_FUZZ_CHECK(asc->output_sampling_frequency() <= 0xffffff);
    auto codec = asc->codec_string();
    LAL_FUZZ_CHECK(codec.rfind("mp4a.40.", 0) == 0 && codec.size() <= 10);

    std::vector<std::byte> built;
    auto ec = lal::aac::append_asc(*asc, built);
    LAL_FUZZ_CHECK(!ec);
    LAL_FUZZ_CHECK(!built.empty() && built.size() <= in.size());
    auto again = lal::aac::parse_asc(built);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(*again == *asc);
    std::vector<std::byte> rebuilt;
    LAL_FUZZ_CHECK(!lal::aac::append_asc(*again, rebuilt));
    LAL_FUZZ_CHECK(rebuilt == built);
    return 0;
}
