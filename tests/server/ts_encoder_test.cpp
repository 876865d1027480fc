// SPDX-License-Identifier: MIT
// The server's MPEG-TS form: one encoder per stream over the test media, as
// the hub runs it (configs and frames in stream order), demuxed back.
#include <catch2/catch.hpp>

#include <vector>

#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/packet.hpp>

#include "flv_items.hpp"
#include "ts_encoder.hpp"

namespace media = lal::media;

namespace {

/// PID of the TS packet at `offset` of `bytes`.
unsigned pid_at(const std::vector<std::byte>& bytes, std::size_t offset) {
    return (std::to_integer<unsigned>(bytes[offset + 1]) & 0x1f) << 8 | std::to_integer<unsigned>(bytes[offset + 2]);
}

}  // namespace

TEST_CASE("the TS form of a stream demuxes back to every frame without a continuity error", "[server][ts]") {
    lal::server::ts_encoder ts;
    std::vector<std::byte> all;
    std::size_t keyframes = 0, configs = 0;
    for (const auto& item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        const auto wire = ts.encode(item);
        const auto bytes = wire.flatten();
        REQUIRE(bytes.size() % lal::mpegts::packet_size == 0);
        if (item.what == media::media_item::type::config) {
            // Configs only update the tracks: the first frame after them gives one program map.
            CHECK(bytes.empty());
            ++configs;
        } else if (item.frame.kind == media::media_kind::video && item.frame.keyframe) {
            // A key frame carries the program map first (players joining at the GOP, HLS segments).
            CHECK(lal::server::ts_encoder::starts_with_psi(wire));
            CHECK(pid_at(bytes, 0) == 0);
            CHECK(pid_at(bytes, lal::mpegts::packet_size) == 0x1000);
            ++keyframes;
        } else if (all.empty()) {
            CHECK(lal::server::ts_encoder::starts_with_psi(wire));  // the first frame of all
        } else {
            CHECK_FALSE(lal::server::ts_encoder::starts_with_psi(wire));
        }
        all.insert(all.end(), bytes.begin(), bytes.end());
    }
    CHECK(configs == 2);
    CHECK(keyframes > 0);

    lal::mpegts::demuxer d;
    d.feed(all);
    d.finish();
    std::size_t video = 0, audio = 0, errors = 0;
    media::micros last_video = -1;
    while (auto e = d.next()) {
        if (const auto* f = std::get_if<media::media_frame>(&*e)) {
            if (f->kind == media::media_kind::video) {
                CHECK(f->dts > last_video);
                last_video = f->dts;
                ++video;
            } else {
                ++audio;
            }
        } else {
            ++errors;
        }
    }
    CHECK(errors == 0);
    CHECK(d.counters().continuity_errors == 0);
    CHECK(video == 250);
    CHECK(audio == 432);
}

TEST_CASE("the TS form leaves out what TS does not carry and maps the program again when the track set changes",
          "[server][ts]") {
    lal::server::ts_encoder ts;
    media::media_item meta;
    meta.what = media::media_item::type::metadata;
    meta.frame.kind = media::media_kind::metadata;
    CHECK(ts.encode(meta).empty());
    const auto items = lal::test::flv_items("media/h264_aac_10s.flv");
    const media::media_item* video_config = nullptr;
    const media::media_item* audio_config = nullptr;
    for (const auto& i : items) {
        if (i.what != media::media_item::type::config) continue;
        (i.config->kind == media::media_kind::video ? video_config : audio_config) = &i;
    }
    REQUIRE(video_config);
    REQUIRE(audio_config);
    const media::media_item* key = nullptr;
    const media::media_item* sound = nullptr;
    for (const auto& i : items) {
        if (i.what != media::media_item::type::frame) continue;
        if (!key && i.frame.kind == media::media_kind::video && i.frame.keyframe) key = &i;
        if (!sound && i.frame.kind == media::media_kind::audio) sound = &i;
    }
    REQUIRE(key);
    REQUIRE(sound);
    // PMT version_number: bits 1..5 of the byte after section_length and program_number.
    const auto version = [](const std::vector<std::byte>& b) {
        return (std::to_integer<unsigned>(b[lal::mpegts::packet_size + 10]) >> 1) & 0x1f;
    };
    // Video alone, then audio joins: a new program map (version_number + 1,
    // 2.4.4.8) ahead of the first frame after the change, not at the config.
    CHECK(ts.encode(*video_config).empty());
    const auto first = ts.encode(*key);
    REQUIRE(lal::server::ts_encoder::starts_with_psi(first));
    CHECK(ts.encode(*audio_config).empty());
    const auto second = ts.encode(*sound);
    REQUIRE(lal::server::ts_encoder::starts_with_psi(second));
    CHECK(version(second.flatten()) == (version(first.flatten()) + 1) % 32);
}
