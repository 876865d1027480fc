// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/opus/opus_head.hpp>

#include "hex.hpp"

using namespace lal::opus;
using lal::test::hex;
using lal::test::to_hex;

namespace {
// The OpusHead ffmpeg 5.1 -c:a libopus -ac 2 writes into Ogg: stereo,
// pre-skip 312, input 48 kHz, no gain, family 0.
constexpr const char* ffmpeg_stereo = "4f707573486561640102380180bb0000000000";
}  // namespace

TEST_CASE("ffmpeg's stereo OpusHead parses and builds back byte for byte", "[opus][head]") {
    auto in = hex(ffmpeg_stereo);
    auto h = parse_opus_head(in);
    REQUIRE(h.has_value());
    CHECK(h->version == 1);
    CHECK(h->channels == 2);
    CHECK(h->pre_skip == 312);
    CHECK(h->input_sample_rate == 48000);
    CHECK(h->output_gain == 0);
    CHECK(h->mapping_family == 0);
    CHECK(h->stream_count == 1);
    CHECK(h->coupled_count == 1);
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_opus_head(*h, out));
    CHECK(out == in);
}

TEST_CASE("a family 1 OpusHead carries its mapping table", "[opus][head]") {
    opus_head h;
    h.channels = 6;
    h.mapping_family = 1;
    h.stream_count = 4;
    h.coupled_count = 2;
    h.mapping = {0, 4, 1, 2, 3, 5};
    h.output_gain = -256;
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_opus_head(h, out));
    CHECK(out.size() == 19 + 2 + 6);
    auto back = parse_opus_head(out);
    REQUIRE(back.has_value());
    CHECK(*back == h);
    // Trailing bytes of a later minor version are allowed.
    out.push_back(std::byte{0});
    CHECK(parse_opus_head(out).has_value());
}

TEST_CASE("bad OpusHeads are refused with a precise error", "[opus][head]") {
    auto in = hex(ffmpeg_stereo);
    for (std::size_t n = 0; n < in.size(); ++n) {
        INFO("cut at " << n);
        auto r = parse_opus_head(std::span(in).first(n));
        CHECK(r.error() == errc::truncated);
    }
    auto bad = in;
    bad[0] = std::byte{'o'};
    CHECK(parse_opus_head(bad).error() == errc::bad_magic);
    bad = in;
    bad[8] = std::byte{0x10};
    CHECK(parse_opus_head(bad).error() == errc::unsupported_version);
    bad = in;
    bad[9] = std::byte{3};  // 3 channels in family 0
    CHECK(parse_opus_head(bad).error() == errc::bad_channel_count);
    // Family 1 with a mapping entry naming stream 9 of 2.
    CHECK(parse_opus_head(hex("4f70757348656164 01 02 0000 80bb0000 0000 01 01 01 00 09")).error() ==
          errc::bad_channel_mapping);
    CHECK(parse_opus_head(hex("4f70757348656164 01 02 0000 80bb0000 0000 01 01 02 00 01")).error() ==
          errc::bad_stream_counts);
    CHECK(parse_opus_head(hex("4f70757348656164 01 02 0000 80bb0000 0000 01 01 01 00")).error() ==
          errc::truncated);
    opus_head h = default_opus_head(2);
    h.channels = 0;
    std::vector<std::byte> out;
    CHECK(append_opus_head(h, out) == errc::bad_channel_count);
    CHECK(out.empty());
}
