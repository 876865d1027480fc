// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/hub/gop_cache.hpp>
#include "hub_fixtures.hpp"

using namespace lal::hub;
using namespace lal::hub::test;

namespace {
counting_forms enc;
frame_ptr make(media_kind k, std::uint32_t t, lal::payload body) {
    return std::make_shared<frame>(item_of(k, t, body), &enc.forms);
}
}  // namespace

TEST_CASE("frames say what the FLV input converter found in their bodies", "[hub][frame]") {
    CHECK(make(media_kind::video, 0, avc_header())->is_config());
    CHECK_FALSE(make(media_kind::video, 0, avc_header())->is_keyframe());
    CHECK(make(media_kind::video, 0, avc_key())->is_keyframe());
    CHECK_FALSE(make(media_kind::video, 0, avc_inter())->is_keyframe());
    CHECK(make(media_kind::audio, 0, aac_header())->is_config());
    CHECK_FALSE(make(media_kind::audio, 0, aac_raw())->is_config());
    // Enhanced RTMP: IsExHeader | FrameType 1 | PacketType 0 (SequenceStart) / 1 (CodedFrames).
    CHECK(make(media_kind::video, 0, lal::payload::adopt(lal::test::hex("90 68 76 63 31")))->is_config());
    CHECK(make(media_kind::video, 0, lal::payload::adopt(lal::test::hex("91 68 76 63 31")))->is_keyframe());
    CHECK_FALSE(make(media_kind::video, 0, lal::payload{})->is_keyframe());
}

TEST_CASE("the GOP cache keeps the last N GOPs, each starting at a key frame", "[hub][gop]") {
    gop_cache cache(2);
    cache.push(make(media_kind::video, 0, avc_inter()));  // before any key frame: useless
    cache.push(make(media_kind::metadata, 0, metadata()));
    cache.push(make(media_kind::video, 0, avc_header()));
    for (std::uint32_t g = 0; g < 3; ++g) {
        cache.push(make(media_kind::video, g * 100, avc_key()));
        cache.push(make(media_kind::video, g * 100 + 40, avc_inter()));
    }
    CHECK(cache.gop_count() == 2);
    auto two = cache.snapshot(2);
    REQUIRE(two.size() == 2 + 4);
    CHECK(two[0]->kind() == media_kind::metadata);
    CHECK(two[1]->is_config());
    CHECK(two[2]->is_keyframe());
    CHECK(two[2]->dts() == lal::media::from_ms(100));
    auto one = cache.snapshot(1);
    REQUIRE(one.size() == 2 + 2);
    CHECK(one[2]->dts() == lal::media::from_ms(200));
    CHECK(cache.snapshot(0).size() == 2);
    cache.clear();
    CHECK(cache.snapshot(2).empty());
}

TEST_CASE("a GOP longer than the frame limit is not cached", "[hub][gop]") {
    gop_cache cache(1, 3);
    cache.push(make(media_kind::video, 0, avc_key()));
    for (int i = 0; i < 5; ++i) cache.push(make(media_kind::video, 40, avc_inter()));
    CHECK(cache.snapshot(1).empty());
    CHECK(cache.bytes() == 0);
    cache.push(make(media_kind::video, 400, avc_key()));
    CHECK(cache.snapshot(1).size() == 1);
}

TEST_CASE("data messages are forwarded but never replace the cached metadata", "[hub][gop]") {
    gop_cache cache(1);
    auto meta = make(media_kind::metadata, 0, metadata());
    cache.push(meta);
    cache.push(make(media_kind::data, 10, lal::payload::adopt(lal::test::hex("02 00 0a 6f 6e 54 65 78 74 44 61 74 61"))));
    REQUIRE(cache.metadata() == meta);
    CHECK(cache.snapshot(1).size() == 1);
}
