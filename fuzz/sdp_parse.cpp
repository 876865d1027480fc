// SPDX-License-Identifier: MIT
// SDP text (RFC 8866). Properties:
// - printing a parsed description and parsing it again reaches a fixed
//   point: the second print equals the first;
// - a track read from a media section with a configuration is described
//   again by media_for and reads back with the same codec and record;
// - errors are lal::sdp's.
#include <cstdint>

#include <lal/sdp/session.hpp>
#include <lal/sdp/track.hpp>

#include "fuzz_support.hpp"

namespace sdp = lal::sdp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto s = sdp::parse(lal::fuzz::text_of(data, size));
    if (!s) {
        LAL_FUZZ_CHECK(s.error().category() == sdp::category());
        return 0;
    }
    const sdp::parse_options roomy{1 << 20, 64};
    const auto text = sdp::to_string(*s);
    auto again = sdp::parse(text, roomy);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(sdp::to_string(*again) == text);
    LAL_FUZZ_CHECK(again->media.size() == s->media.size());

    for (const auto& m : s->media) {
        auto t = sdp::describe_track(m);
        if (!t) {
            LAL_FUZZ_CHECK(t.error().category() == sdp::category());
            continue;
        }
        LAL_FUZZ_CHECK(t->codec != lal::media::codec_id::unknown && t->clock_rate > 0);
        if (!t->config) continue;
        auto built = sdp::media_for(*t->config, t->payload_type, t->control);
        LAL_FUZZ_CHECK(built.has_value());
        sdp::session_description one;
        one.media.push_back(*built);
        auto back = sdp::parse(sdp::to_string(one), roomy);
        LAL_FUZZ_CHECK(back.has_value());
        auto t2 = sdp::describe_track(back->media[0]);
        LAL_FUZZ_CHECK(t2.has_value() && t2->codec == t->codec && t2->config);
        LAL_FUZZ_CHECK(t2->config->record == t->config->record);
    }
    return 0;
}
