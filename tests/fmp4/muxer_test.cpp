// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/fmp4/muxer.hpp>
#include <lal/fmp4/reader.hpp>

#include "vectors.hpp"

using namespace lal::fmp4;
namespace media = lal::media;
namespace v = lal::test::fmp4_vectors;

namespace {

media::media_frame frame(const media::track_config_ptr& c, media::micros dts, media::micros pts, bool key,
                         std::vector<std::byte> data) {
    media::media_frame f;
    f.kind = c->kind;
    f.codec = c->codec;
    f.dts = dts;
    f.pts = pts;
    f.keyframe = key;
    f.data = lal::payload::adopt(std::move(data));
    f.config = c;
    return f;
}

/// The one sample of a per-frame fragment, read back.
struct one {
    std::uint32_t track_id;
    std::uint64_t tfdt;
    sample s;
    std::vector<std::byte> data;
};

one read_one(const media::wire_form& w) {
    REQUIRE(w.pieces().size() == 2);
    const auto bytes = w.flatten();
    auto info = read_fragment(bytes);
    REQUIRE(info.has_value());
    CHECK(info->size == bytes.size());
    REQUIRE(info->runs.size() == 1);
    REQUIRE(info->runs[0].samples.size() == 1);
    const auto& r = info->runs[0];
    return {r.track_id, r.base_decode_time, r.samples[0], lal::to_vector(r.data[0])};
}

}  // namespace

TEST_CASE("frames become one fragment each, their bytes a slice of the frame", "[fmp4][muxer]") {
    muxer m;
    const auto video = v::h264();
    const auto audio = v::aac();
    CHECK(m.set_config(video).value());
    CHECK(m.set_config(audio).value());
    const auto init = m.init_segment();
    auto info = read_init_segment(init.bytes());
    REQUIRE(info.has_value());
    REQUIRE(info->tracks.size() == 2);
    CHECK(info->tracks[0].id == muxer::video_track_id);
    CHECK(info->tracks[1].id == muxer::audio_track_id);

    const auto key = frame(video, 1'000'000, 1'080'000, true, {std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1},
                                                              std::byte{0x65}});
    auto w = m.fragment(key);
    REQUIRE(w.has_value());
    // The sample is the frame's own storage, not a copy.
    CHECK(w->pieces()[1].bytes().data() == key.data.bytes().data());
    auto a = read_one(*w);
    CHECK(a.track_id == 1);
    CHECK(a.tfdt == 90000);
    CHECK(a.s.sync);
    CHECK(a.s.composition_offset == 7200);
    CHECK(a.s.duration == 3000);  // 1/30 s before a step is known
    CHECK(a.data == lal::to_vector(key.data.bytes()));

    // A B-frame: pts before dts's successor; the step of 40 ms becomes the duration.
    auto b = read_one(*m.fragment(frame(video, 1'040'000, 1'000'000, false, {std::byte{1}})));
    CHECK_FALSE(b.s.sync);
    CHECK(b.s.composition_offset == -3600);
    CHECK(b.s.duration == 3600);

    auto au = read_one(*m.fragment(frame(audio, 1'000'000, 1'000'000, false, {std::byte{0x21}})));
    CHECK(au.track_id == 2);
    CHECK(au.tfdt == 44100);
    CHECK(au.s.sync);
    CHECK(au.s.duration == 1024);
    CHECK(m.next_sequence() == 4);
    // Nothing changed: the same init payload.
    CHECK(m.init_segment().bytes().data() == init.bytes().data());
}

TEST_CASE("a new record replaces the init segment; the same record again does not", "[fmp4][muxer]") {
    muxer m;
    REQUIRE(m.set_config(v::h264()).value());
    const auto first = m.init_segment();
    CHECK_FALSE(m.set_config(v::h264()).value());  // equal bytes, another pointer
    CHECK(m.init_segment().bytes().data() == first.bytes().data());
    auto f = m.fragment(frame(v::h265(), 0, 0, true, {std::byte{2}}));
    REQUIRE(f.has_value());
    CHECK(m.init_segment().bytes().data() != first.bytes().data());
    auto info = read_init_segment(m.init_segment().bytes());
    REQUIRE(info.has_value());
    CHECK(info->tracks[0].codec == media::codec_id::h265);
}

TEST_CASE("AV1 samples leave the temporal delimiter out; Opus lasts what its TOC says", "[fmp4][muxer]") {
    muxer m;
    const auto av1 = v::av1();
    // Temporal delimiter (0x12 0x00) then a padding OBU with a 1-byte payload.
    auto s = read_one(*m.fragment(frame(av1, 0, 0, true, {std::byte{0x12}, std::byte{0}, std::byte{0x7a},
                                                           std::byte{1}, std::byte{9}})));
    CHECK(s.data == std::vector<std::byte>{std::byte{0x7a}, std::byte{1}, std::byte{9}});
    const auto opus = v::opus();
    // TOC 0xfc: CELT fullband 20 ms, code 0: one frame of 960 samples.
    CHECK(read_one(*m.fragment(frame(opus, 0, 0, true, {std::byte{0xfc}, std::byte{1}}))).s.duration == 960);
    // TOC 0x1b: SILK 60 ms, code 3 with 2 frames: 5760.
    CHECK(read_one(*m.fragment(frame(opus, 20'000, 20'000, true, {std::byte{0x1b}, std::byte{2}}))).s.duration == 5760);
    CHECK(read_one(*m.fragment(frame(opus, 20'000, 20'000, true, {std::byte{0x1b}, std::byte{2}}))).tfdt == 960);
}

TEST_CASE("opus_packet_samples follows RFC 6716 3.1", "[fmp4][opus]") {
    CHECK(opus_packet_samples(lal::test::hex("")) == std::nullopt);
    CHECK(opus_packet_samples(lal::test::hex("00")) == 480u);     // SILK NB 10 ms
    CHECK(opus_packet_samples(lal::test::hex("79")) == 1920u);    // hybrid config 15: 20 ms, code 1: 2 frames
    CHECK(opus_packet_samples(lal::test::hex("80")) == 120u);     // CELT 2.5 ms
    CHECK(opus_packet_samples(lal::test::hex("03")) == std::nullopt);  // code 3 without its count
    CHECK(opus_packet_samples(lal::test::hex("1b07")) == std::nullopt);  // 7 x 60 ms > 120 ms
}

TEST_CASE("frames without a track or of other codecs are refused", "[fmp4][muxer][errors]") {
    muxer m;
    media::media_frame f;
    f.kind = media::media_kind::audio;
    f.codec = media::codec_id::mp3;
    CHECK(m.fragment(f).error() == errc::unsupported_codec);
    CHECK(m.init_segment().empty());
    CHECK(to_timescale(-5, 90000) == 0);
    CHECK(to_timescale(std::int64_t{1} << 50, 90000) == (std::uint64_t{1} << 50) / 1'000'000 * 90000 +
                                                             ((std::uint64_t{1} << 50) % 1'000'000) * 90000 / 1'000'000);
}
