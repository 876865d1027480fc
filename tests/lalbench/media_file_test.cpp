// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtmp/command.hpp>

#include "data_path.hpp"
#include "media_file.hpp"

TEST_CASE("a media file loads with metadata and sequence headers first and every frame after",
          "[lalbench][media]") {
    std::string error;
    auto m = lalbench::load_media_file(lal::test::data_path("media/h264_aac_10s.flv"), error);
    REQUIRE(m);
    // tests/data/media/README.md: 250 video frames (25 fps) and 432 audio frames.
    CHECK(m->video_frames == 250);
    CHECK(m->stamped_frames == 250);
    CHECK(m->frames.size() == 250 + 432);
    REQUIRE(m->preamble.size() == 3);
    CHECK(lal::rtmp::is_metadata(m->preamble[0]));
    CHECK(m->preamble[1].type_id + m->preamble[2].type_id == 8 + 9);
    CHECK(m->length_size == 4);
    // The next loop starts one frame step (40 ms) after the last frame.
    auto last = m->frames.back().offset_ms;
    for (const auto& f : m->frames) last = std::max(last, f.offset_ms);
    CHECK(m->loop_ms > last);
    CHECK(m->loop_ms <= last + 41);
    CHECK(m->frames.front().keyframe);
    CHECK(m->bitrate_bps() > 100'000);
    // A stamp: NAL length, SEI header, 32 payload bytes, trailing bits, a few escapes.
    CHECK(m->stamp_size >= 4 + 1 + 2 + 32 + 1);
    CHECK(m->stamp_size <= 4 + 1 + 2 + 32 + 1 + 8);
}

TEST_CASE("missing and malformed media files are refused with a reason", "[lalbench][media]") {
    std::string error;
    CHECK_FALSE(lalbench::load_media_file("/nonexistent/file.flv", error));
    CHECK_FALSE(error.empty());
    error.clear();
    CHECK_FALSE(lalbench::load_media_file(lal::test::data_path("media/h264_5s.h264"), error));
    CHECK(error.find("FLV") != std::string::npos);
}
