// SPDX-License-Identifier: MIT
// mux -> demux gives the frames back: data, times, key flags and configurations.
#include <catch2/catch.hpp>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/muxer.hpp>
#include <lal/mpegts/packet.hpp>

#include "data_path.hpp"
#include "flv_frames.hpp"
#include "hex.hpp"
#include "ts_inspect.hpp"

namespace ts = lal::mpegts;
namespace media = lal::media;
using lal::test::hex;

namespace {

media::track_config_ptr config_of(media::media_kind kind, media::codec_id codec, std::vector<std::byte> record) {
    auto c = std::make_shared<media::track_config>();
    c->kind = kind;
    c->codec = codec;
    c->record = lal::payload::adopt(std::move(record));
    return c;
}

media::media_frame frame_of(media::media_kind kind, media::codec_id codec, media::micros dts, media::micros pts,
                            std::vector<std::byte> data, bool key) {
    media::media_frame f;
    f.kind = kind;
    f.codec = codec;
    f.dts = dts;
    f.pts = pts;
    f.keyframe = key;
    f.data = lal::payload::adopt(std::move(data));
    return f;
}

// Muxes `frames` (PSI first and before each video key frame) and demuxes the result.
std::vector<media::media_frame> round_trip(const ts::muxer_options& o, const std::vector<media::media_frame>& frames,
                                           std::vector<std::byte>* ts_out = nullptr) {
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    std::vector<std::byte> out;
    m->append_psi(out);
    for (const auto& f : frames) {
        if (f.kind == media::media_kind::video && f.keyframe) m->append_psi(out);
        REQUIRE_FALSE(m->append_frame(f, out));
    }
    ts::demuxer d;
    d.feed(out);
    d.finish();
    std::vector<ts::demux_error> errors;
    auto got = lal::test::frames_of(d, &errors);
    for (const auto& e : errors) FAIL_CHECK(e.code.message());
    if (ts_out) *ts_out = std::move(out);
    return got;
}

// The NAL units of a length-prefixed frame without AUD, SPS and PPS (what the demuxer keeps).
std::vector<std::byte> without_parameter_sets(const lal::payload& data) {
    auto nals = lal::avc::split_avcc(data.bytes(), 4);
    REQUIRE(nals);
    std::vector<std::byte> out;
    for (auto n : *nals) {
        const auto t = lal::avc::nal_type_of(n);
        if (t == lal::avc::nal_unit_type::aud || t == lal::avc::nal_unit_type::sps || t == lal::avc::nal_unit_type::pps) continue;
        REQUIRE_FALSE(lal::avc::append_avcc_nal(n, 4, out));
    }
    return out;
}

void check_h264_aac(const char* file) {
    const auto clip = lal::test::read_flv_media(lal::test::read_data(file));
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h264, clip.video};
    o.audio = ts::muxer_track{media::codec_id::aac, clip.audio};
    auto got = round_trip(o, clip.frames);
    // The demuxer gives each PID's frames in order; compare track by track.
    for (auto kind : {media::media_kind::video, media::media_kind::audio}) {
        std::vector<const media::media_frame*> want, have;
        for (const auto& f : clip.frames) if (f.kind == kind) want.push_back(&f);
        for (const auto& f : got) if (f.kind == kind) have.push_back(&f);
        REQUIRE(have.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            INFO("kind " << static_cast<int>(kind) << " frame " << i);
            CHECK(have[i]->codec == want[i]->codec);
            CHECK(have[i]->dts == want[i]->dts);
            CHECK(have[i]->pts == want[i]->pts);
            CHECK(have[i]->keyframe == want[i]->keyframe);
            REQUIRE(have[i]->config);
            if (kind == media::media_kind::video) {
                CHECK(have[i]->data == lal::payload::adopt(without_parameter_sets(want[i]->data)));
            } else {
                CHECK(have[i]->data == want[i]->data);
                // ADTS describes object type, rate and channels: the ASC's core.
                auto a = lal::aac::parse_asc(have[i]->config->record.bytes());
                auto b = lal::aac::parse_asc(clip.audio->record.bytes());
                REQUIRE(a);
                REQUIRE(b);
                CHECK(a->object_type == b->object_type);
                CHECK(a->sampling_frequency == b->sampling_frequency);
                CHECK(a->channel_configuration == b->channel_configuration);
            }
        }
    }
    // The avcC built from the stream's SPS and PPS has the source's parameter sets.
    const auto* video = &got.front();
    for (const auto& f : got) if (f.kind == media::media_kind::video) { video = &f; break; }
    auto built = lal::avc::parse_decoder_configuration_record(video->config->record.bytes());
    auto source = lal::avc::parse_decoder_configuration_record(clip.video->record.bytes());
    REQUIRE(built);
    REQUIRE(source);
    CHECK(built->sps == source->sps);
    CHECK(built->pps == source->pps);
    CHECK(built->profile_indication == source->profile_indication);
}

}  // namespace

TEST_CASE("mux -> demux of H.264 + AAC gives every frame back", "[mpegts][roundtrip]") {
    check_h264_aac("media/h264_aac_10s.flv");
}

TEST_CASE("mux -> demux of H.264 with B-frames keeps PTS and DTS apart", "[mpegts][roundtrip]") {
    check_h264_aac("media/h264_bframes_aac_5s.flv");
}

TEST_CASE("mux -> demux of H.265 gives the frames and an hvcC with the stream's parameter sets", "[mpegts][roundtrip]") {
    const auto vps = hex("40010c01ffff016000000300900000030000030078959809");
    const auto sps = hex("420101016000000300900000030000030078a00502016965959a4932bc05a80808082000007d20000bb814");
    const auto pps = hex("4401c172b46240");
    std::vector<std::byte> hvcc = hex("01016000000090000000000078f000fcfdf8f800000f03");
    for (const auto* nal : {&vps, &sps, &pps}) {
        const auto type = (std::to_integer<unsigned>((*nal)[0]) >> 1) & 0x3f;
        hvcc.push_back(static_cast<std::byte>(0x80 | type));
        hvcc.push_back(std::byte{0});
        hvcc.push_back(std::byte{1});
        hvcc.push_back(std::byte{0});
        hvcc.push_back(static_cast<std::byte>(nal->size()));
        hvcc.insert(hvcc.end(), nal->begin(), nal->end());
    }
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h265, config_of(media::media_kind::video, media::codec_id::h265, hvcc)};
    std::vector<media::media_frame> frames;
    for (int i = 0; i < 30; ++i) {
        const bool key = i % 10 == 0;
        std::vector<std::byte> nal = key ? hex("2801af") : hex("0201d0");  // CRA (21) or TRAIL_R (1)
        nal.resize(static_cast<std::size_t>(200 + i * 37), static_cast<std::byte>(i + 1));
        std::vector<std::byte> data;
        REQUIRE_FALSE(lal::avc::append_avcc_nal(nal, 4, data));
        frames.push_back(frame_of(media::media_kind::video, media::codec_id::h265, i * 40000, i * 40000 + 80000, data, key));
    }
    std::vector<std::byte> first_ts;
    auto got = round_trip(o, frames, &first_ts);
    REQUIRE(got.size() == frames.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].codec == media::codec_id::h265);
        CHECK(got[i].data == frames[i].data);
        CHECK(got[i].dts == frames[i].dts);
        CHECK(got[i].pts == frames[i].pts);
        CHECK(got[i].keyframe == frames[i].keyframe);
    }
    // The built hvcC carries the same parameter sets: muxing the demuxed frames
    // with it gives the same transport stream byte for byte.
    ts::muxer_options again = o;
    again.video->config = got.front().config;
    std::vector<std::byte> second_ts;
    round_trip(again, got, &second_ts);
    CHECK(second_ts == first_ts);
}

TEST_CASE("mux -> demux of Opus gives the packets, their times and a stereo OpusHead", "[mpegts][roundtrip]") {
    auto head = hex("4f707573486561640102380180bb0000000000");
    ts::muxer_options o;
    o.audio = ts::muxer_track{media::codec_id::opus, config_of(media::media_kind::audio, media::codec_id::opus, head)};
    std::vector<media::media_frame> frames;
    for (int i = 0; i < 50; ++i) {
        std::vector<std::byte> packet(static_cast<std::size_t>(60 + i * 11), static_cast<std::byte>(i));
        packet[0] = std::byte{0xfc};  // TOC: CELT 20 ms, stereo, one frame
        frames.push_back(frame_of(media::media_kind::audio, media::codec_id::opus, i * 20000, i * 20000, packet, true));
    }
    auto got = round_trip(o, frames);
    REQUIRE(got.size() == frames.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].codec == media::codec_id::opus);
        CHECK(got[i].data == frames[i].data);
        CHECK(got[i].pts == frames[i].pts);
        REQUIRE(got[i].config);
        CHECK(std::to_integer<int>(got[i].config->record.bytes()[9]) == 2);  // channel count
    }
}

TEST_CASE("mux -> demux of MP3 gives the frames as they were", "[mpegts][roundtrip]") {
    ts::muxer_options o;
    o.audio = ts::muxer_track{media::codec_id::mp3, nullptr};
    std::vector<media::media_frame> frames;
    for (int i = 0; i < 40; ++i) {
        std::vector<std::byte> frame(417, static_cast<std::byte>(i));
        frame[0] = std::byte{0xff};  // MPEG-1 layer III, 128 kbit/s, 44.1 kHz
        frame[1] = std::byte{0xfb};
        frame[2] = std::byte{0x90};
        frames.push_back(frame_of(media::media_kind::audio, media::codec_id::mp3, i * 26122, i * 26122, frame, true));
    }
    auto got = round_trip(o, frames);
    REQUIRE(got.size() == frames.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].codec == media::codec_id::mp3);
        CHECK(got[i].data == frames[i].data);
        CHECK(std::llabs(got[i].pts - frames[i].pts) <= 12);  // within one 90 kHz tick
    }
}
