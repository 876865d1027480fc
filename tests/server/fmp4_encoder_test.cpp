// SPDX-License-Identifier: MIT
// The server's fMP4 form: one encoder per stream over the test media, as the
// hub runs it (configs and frames in stream order), read back with lal::fmp4.
#include <catch2/catch.hpp>

#include <vector>

#include <lal/fmp4/reader.hpp>

#include "flv_items.hpp"
#include "fmp4_encoder.hpp"
#include "fmp4_rebase.hpp"

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

TEST_CASE("a recording's fragments are rebased so the file starts at time 0", "[server][fmp4][record]") {
    lal::server::fmp4_encoder enc("live/test");
    std::vector<lal::server::track_origin> origins;
    std::uint64_t first_video = UINT64_MAX, last_video = 0;
    std::size_t rebased = 0;
    for (auto item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        // 5 s into the stream, as a recording started mid-stream sees it.
        item.frame.dts += 5'000'000;
        item.frame.pts += 5'000'000;
        const auto wire = enc.encode(item);
        if (item.what != media::media_item::type::frame) continue;
        const auto pieces = wire.pieces();
        REQUIRE(pieces.size() >= 2);
        if (origins.empty()) {
            origins = lal::server::track_origins(pieces[0], item.frame.dts);
            REQUIRE(origins.size() == 2);
        }
        const auto flat = wire.flatten();
        const auto before = lal::fmp4::read_fragment(std::span(flat).subspan(pieces[0].size()));
        REQUIRE(before.has_value());
        const auto head = lal::server::rebase_fragment(pieces[1], origins);
        CHECK(head.size() == pieces[1].size());
        std::vector<std::byte> frag(head.bytes().begin(), head.bytes().end());
        for (std::size_t i = 2; i < pieces.size(); ++i) frag.insert(frag.end(), pieces[i].bytes().begin(), pieces[i].bytes().end());
        const auto after = lal::fmp4::read_fragment(frag);
        REQUIRE(after.has_value());
        REQUIRE(after->runs.size() == 1);
        const auto& run = after->runs[0];
        const auto origin = run.track_id == 1 ? origins[0].origin : origins[1].origin;
        const auto was = before->runs[0].base_decode_time;
        CHECK(run.base_decode_time == (was > origin ? was - origin : 0));
        CHECK(run.data[0].size() == item.frame.data.size());  // the samples are untouched
        if (run.track_id == 1) {
            first_video = std::min(first_video, run.base_decode_time);
            last_video = std::max(last_video, run.base_decode_time);
        }
        ++rebased;
    }
    CHECK(rebased == 682);
    CHECK(first_video == 0);                                // 8.8.12: the first key frame at 0
    CHECK(last_video > 9 * 90000);                          // 90 kHz: the last frame near 10 s
    CHECK(last_video < 10 * 90000);
    // Not a moof: returned as it is.
    const auto junk = lal::payload::copy_from(std::string_view("\0\0\0\x10moov01234567", 16));
    CHECK(lal::server::rebase_fragment(junk, origins).bytes().data() == junk.bytes().data());
    const auto cut = lal::payload::copy_from(std::string_view("\0\0\0\x40moof", 8));
    CHECK(lal::server::rebase_fragment(cut, origins).bytes().data() == cut.bytes().data());
}
