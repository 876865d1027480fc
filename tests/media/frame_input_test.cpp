// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/media/frame_input.hpp>

using namespace lal::media;

namespace {

track_config_ptr make_config(codec_id codec, media_kind kind, std::string_view record) {
    return std::make_shared<const track_config>(track_config{kind, codec, lal::payload::copy_from(record)});
}

media_frame make_frame(media_kind kind, track_config_ptr config, micros dts) {
    media_frame f;
    f.kind = kind;
    f.codec = config ? config->codec : codec_id::unknown;
    f.dts = f.pts = dts;
    f.data = lal::payload::copy_from(std::string_view("frame"));
    f.config = std::move(config);
    return f;
}

}  // namespace

TEST_CASE("frame_input announces a track configuration once, before its first frame") {
    frame_input input;
    auto avc = make_config(codec_id::h264, media_kind::video, "avcC-1");
    auto items = input.convert(make_frame(media_kind::video, avc, 1000));
    REQUIRE(items.size() == 2);
    CHECK(items[0].what == media_item::type::config);
    CHECK(items[0].config == avc);
    CHECK(items[0].frame.dts == 1000);
    CHECK(items[1].what == media_item::type::frame);
    CHECK(items[1].config == avc);
    CHECK(input.config(media_kind::video) == avc);

    // An equal record in a new object (a depacketizer rebuilding it) is not a change,
    // and the frame carries the configuration already announced.
    auto again = input.convert(make_frame(media_kind::video, make_config(codec_id::h264, media_kind::video, "avcC-1"), 1040));
    REQUIRE(again.size() == 1);
    CHECK(again[0].config == avc);
    CHECK(again[0].frame.config == avc);
}

TEST_CASE("frame_input announces a changed configuration and keeps tracks apart") {
    frame_input input;
    auto asc = make_config(codec_id::aac, media_kind::audio, "\x12\x10");
    CHECK(input.convert(make_frame(media_kind::audio, asc, 0)).size() == 2);
    CHECK(input.convert(make_frame(media_kind::video, make_config(codec_id::h264, media_kind::video, "a"), 0)).size() == 2);
    auto changed = input.convert(make_frame(media_kind::video, make_config(codec_id::h264, media_kind::video, "b"), 40));
    REQUIRE(changed.size() == 2);
    CHECK(changed[0].what == media_item::type::config);
    CHECK(input.convert(make_frame(media_kind::audio, asc, 23)).size() == 1);
}

TEST_CASE("frame_input passes frames without a configuration (G.711) as frames only") {
    frame_input input;
    auto f = make_frame(media_kind::audio, nullptr, 0);
    f.codec = codec_id::g711a;
    auto items = input.convert(f);
    REQUIRE(items.size() == 1);
    CHECK(items[0].what == media_item::type::frame);
    CHECK(items[0].config == nullptr);
    input.reset();
    CHECK(input.config(media_kind::audio) == nullptr);
}
