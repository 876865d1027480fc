// SPDX-License-Identifier: MIT
// The stream's shared AAC->Opus track for WHEP players: the test clip's real
// AAC frames transcoded once however many players hand them, a late player's
// old frames skipped, an undecodable frame counted and skipped.
#include <catch2/catch.hpp>

#include <vector>

#include <lal/aac/adts.hpp>
#include <lal/aac/adts_splitter.hpp>
#include <lal/transcode/aac_to_opus.hpp>

#include "data_path.hpp"
#include "rtc_audio.hpp"

using lal::server::rtc_opus_track;
namespace media = lal::media;

namespace {
// The first `count` ADTS frames of tests/data/media/aac_5s.aac (44.1 kHz) as
// the hub holds AAC: raw frames with the ASC as their config.
std::vector<media::media_frame> aac_frames(std::size_t count) {
    lal::aac::adts_splitter split;
    REQUIRE(!split.feed(lal::test::read_data("media/aac_5s.aac")));
    std::vector<media::media_frame> out;
    media::track_config_ptr asc;
    while (out.size() < count) {
        auto adts = split.next();
        REQUIRE(adts);
        auto parsed = lal::aac::parse_adts_frame(adts->bytes());
        REQUIRE(parsed);
        if (!asc) {
            std::vector<std::byte> record;
            REQUIRE(!lal::aac::append_asc(lal::aac::to_audio_specific_config(parsed->header), record));
            asc = std::make_shared<const media::track_config>(
                media::track_config{media::media_kind::audio, media::codec_id::aac, lal::payload::copy_from(record)});
        }
        media::media_frame f;
        f.kind = media::media_kind::audio;
        f.codec = media::codec_id::aac;
        f.dts = f.pts = static_cast<media::micros>(out.size()) * 1024 * 1'000'000 / 44100;
        f.keyframe = true;
        f.data = lal::payload::copy_from(parsed->raw);
        f.config = asc;
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<std::byte> bytes_of(const media::media_frame& f) {
    const auto b = f.data.bytes();
    return {b.begin(), b.end()};
}
}  // namespace

TEST_CASE("rtc_opus_track transcodes each AAC frame once for every player", "[server][rtc_audio]") {
    const auto in = aac_frames(40);
    lal::transcode::aac_to_opus alone;
    std::vector<media::media_frame> expected;
    for (const auto& f : in) REQUIRE(!alone.transcode(f, expected));
    REQUIRE(expected.size() > 30);  // 40 x 23.2 ms of AAC is 46 frames of 20 ms, less what is held

    rtc_opus_track track;
    std::vector<media::media_frame> first, second;
    for (const auto& f : in) {
        for (const auto& o : track.opus_of(f)) first.push_back(o);
        for (const auto& o : track.opus_of(f)) second.push_back(o);  // the next player: the same frames
    }
    REQUIRE(first.size() == expected.size());
    REQUIRE(second.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(first[i].codec == media::codec_id::opus);
        CHECK(first[i].dts == expected[i].dts);
        CHECK(second[i].dts == expected[i].dts);
        CHECK(bytes_of(second[i]) == bytes_of(first[i]));
        CHECK(first[i].data.bytes().data() == second[i].data.bytes().data());  // shared, not encoded twice
    }
    CHECK(track.failures() == 0);
}

TEST_CASE("rtc_opus_track skips a late player's old frames and an undecodable one", "[server][rtc_audio]") {
    const auto in = aac_frames(200);
    rtc_opus_track track;
    std::size_t made = 0;
    for (std::size_t i = 100; i < 110; ++i) made += track.opus_of(in[i]).size();
    CHECK(made > 0);
    // Frame 0 is older than anything seen and not in the history: nothing, and the timeline stays.
    CHECK(track.opus_of(in[0]).empty());
    auto next = track.opus_of(in[110]);
    REQUIRE(!next.empty());
    CHECK(next.front().dts > in[100].dts);
    CHECK(next.front().dts < in[110].dts + 100'000);

    auto bad = in[111];
    bad.data = lal::payload::copy_from(std::vector<std::byte>{});  // nothing to decode
    CHECK(track.opus_of(bad).empty());
    CHECK(track.failures() == 1);
    // The frame after it transcodes again (the lost frame's time filled, lal::transcode README).
    std::size_t after = 0;
    for (std::size_t i = 112; i < 120; ++i) after += track.opus_of(in[i]).size();
    CHECK(after > 0);
}
