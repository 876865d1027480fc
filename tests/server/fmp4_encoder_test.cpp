// SPDX-License-Identifier: MIT
// The server's fMP4 form: one encoder per stream over the test media, as the
// hub runs it (configs and frames in stream order), read back with lal::fmp4.
#include <catch2/catch.hpp>

#include <vector>

#include <lal/fmp4/reader.hpp>

#include "flv_items.hpp"
#include "fmp4_encoder.hpp"

namespace media = lal::media;

TEST_CASE("the fMP4 form is the shared init segment then one fragment per frame", "[server][fmp4]") {
    lal::server::fmp4_encoder enc("live/test");
    const lal::payload* init = nullptr;
    lal::payload first_init;
    std::size_t frames = 0;
    std::uint32_t sequence = 0;
    std::size_t video = 0, audio = 0;
    for (const auto& item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        const auto wire = enc.encode(item);
        if (item.what != media::media_item::type::frame) {
            CHECK(wire.empty());  // configs, metadata
            continue;
        }
        init = lal::server::fmp4_encoder::init_piece(wire);
        REQUIRE(init);
        if (first_init.empty()) first_init = *init;
        // The same payload object on every frame: players compare it, nothing is copied.
        CHECK(init->bytes().data() == first_init.bytes().data());
        const auto bytes = wire.flatten();
        auto frag = lal::fmp4::read_fragment(std::span(bytes).subspan(init->size()));
        REQUIRE(frag.has_value());
        CHECK(frag->sequence == ++sequence);
        REQUIRE(frag->runs.size() == 1);
        const auto& run = frag->runs[0];
        CHECK(run.data[0].size() == item.frame.data.size());
        CHECK(run.samples[0].sync == (item.frame.kind == media::media_kind::audio || item.frame.keyframe));
        (run.track_id == 1 ? video : audio) += 1;
        ++frames;
    }
    auto info = lal::fmp4::read_init_segment(first_init.bytes());
    REQUIRE(info.has_value());
    REQUIRE(info->tracks.size() == 2);
    CHECK(info->tracks[0].codec == media::codec_id::h264);
    CHECK(info->tracks[1].codec == media::codec_id::aac);
    CHECK(video == 250);
    CHECK(audio == 432);
    CHECK(frames == video + audio);
}

TEST_CASE("the fMP4 form leaves out codecs it does not carry", "[server][fmp4]") {
    lal::server::fmp4_encoder enc("live/test");
    media::media_item item;
    item.what = media::media_item::type::frame;
    item.frame.kind = media::media_kind::audio;
    item.frame.codec = media::codec_id::mp3;
    item.frame.data = lal::payload::copy_from(std::string_view("\xff\xfb", 2));
    CHECK(enc.encode(item).empty());
    CHECK_FALSE(lal::server::fmp4_carries(media::codec_id::g711a));
    CHECK(lal::server::fmp4_carries(media::codec_id::av1));
}
