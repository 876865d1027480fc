// SPDX-License-Identifier: MIT
// OpusHead (RFC 7845 5.1).
// Properties:
// - errors are lal::opus errors;
// - a parsed header builds back to the input's bytes up to where the header
//   ends (19 bytes, plus 2 and the mapping table for families other than 0),
//   and parses back equal;
// - counts obey 5.1.1: channels >= 1, family 0 at most 2 channels, mapping
//   entries name existing streams or 255.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <lal/opus/opus_head.hpp>

#include "fuzz_support.hpp"

namespace opus = lal::opus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto head = opus::parse_opus_head(in);
    if (!head) {
        LAL_FUZZ_CHECK(head.error().category() == opus::category());
        return 0;
    }
    LAL_FUZZ_CHECK(head->channels >= 1);
    LAL_FUZZ_CHECK(head->mapping_family != 0 || head->channels <= 2);
    for (auto m : head->mapping) LAL_FUZZ_CHECK(m == 255 || m < head->stream_count + head->coupled_count);
    std::vector<std::byte> built;
    LAL_FUZZ_CHECK(!opus::append_opus_head(*head, built));
    LAL_FUZZ_CHECK(built.size() <= in.size());
    LAL_FUZZ_CHECK(std::equal(built.begin(), built.end(), in.begin()));
    auto back = opus::parse_opus_head(built);
    LAL_FUZZ_CHECK(back.has_value() && *back == *head);
    return 0;
}
