// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/codec_info.hpp>
#include <lal/flv/reader.hpp>
#include <lal/hevc/error.hpp>
#include <lal/vp9/error.hpp>

#include "data_path.hpp"
#include "hex.hpp"

using namespace lal::flv;
using lal::test::hex;

TEST_CASE("FLV audio info of an AAC sequence header comes from the AudioSpecificConfig", "[flv][codec]") {
    // AAC-LC, 44.1 kHz (index 4), 2 channels: 0x12 0x10.
    auto info = parse_audio_info(hex("af 00 12 10"));
    REQUIRE(info.has_value());
    CHECK(info->format == sound_format::aac);
    CHECK(info->sample_rate == 44100);
    CHECK(info->channels == 2);
    REQUIRE(info->frame_duration_ms.has_value());
    CHECK(*info->frame_duration_ms == Approx(1024 * 1000.0 / 44100));
    REQUIRE(info->asc.has_value());
    CHECK(info->asc->object_type == 2);

    // AAC-LC 22.05 kHz mono inside a header that claims 44 kHz stereo: the ASC wins.
    auto mono = parse_audio_info(hex("af 00 13 88"));
    REQUIRE(mono.has_value());
    CHECK(mono->sample_rate == 22050);
    CHECK(mono->channels == 1);
}

TEST_CASE("FLV audio info of other formats comes from the tag header", "[flv][codec]") {
    auto mp3 = parse_audio_info(hex("2e ff fb"));  // MP3, 44 kHz, 16 bit, mono
    REQUIRE(mp3.has_value());
    CHECK(mp3->format == sound_format::mp3);
    CHECK(mp3->sample_rate == 44100);
    CHECK(mp3->channels == 1);
    CHECK(mp3->sample_size == 16);
    CHECK_FALSE(mp3->frame_duration_ms.has_value());

    auto speex = parse_audio_info(hex("b2 00"));
    REQUIRE(speex.has_value());
    CHECK(speex->sample_rate == 16000);
}

TEST_CASE("FLV audio info rejects raw AAC frames and bad configs", "[flv][codec]") {
    CHECK(parse_audio_info(hex("af 01 21 00")).error() == errc::not_sequence_header);
    CHECK(parse_audio_info(hex("af")).error() == errc::truncated);
    CHECK(parse_audio_info({}).error() == errc::truncated);
    CHECK_FALSE(parse_audio_info(hex("af 00")).has_value());  // empty AudioSpecificConfig
}

TEST_CASE("FLV audio info of the real file's sequence header", "[flv][codec][media]") {
    auto file = lal::test::read_data("media/h264_aac_10s.flv");
    reader r;
    REQUIRE_FALSE(r.feed(file));
    std::optional<audio_info> info;
    while (auto t = r.next()) {
        if (is_aac(*t) && is_sequence_header(*t)) info = *parse_audio_info(t->data.bytes());
    }
    REQUIRE(info.has_value());
    CHECK(info->sample_rate == 44100);
    CHECK(info->channels == 2);
}

TEST_CASE("FLV video info reads size and frame rate from the real files' SPS", "[flv][codec][media]") {
    for (const char* name : {"media/h264_aac_10s.flv", "media/h264_bframes_aac_5s.flv", "media/h264_only_5s.flv"}) {
        INFO(name);
        auto file = lal::test::read_data(name);
        reader r;
        REQUIRE_FALSE(r.feed(file));
        std::optional<video_info> info;
        while (auto t = r.next()) {
            if (is_avc(*t) && is_sequence_header(*t)) {
                auto parsed = parse_video_info(t->data.bytes());
                REQUIRE(parsed.has_value());
                info = *parsed;
            } else if (t->type == tag_type::video) {
                CHECK(parse_video_info(t->data.bytes()).error() == errc::not_sequence_header);
            }
        }
        REQUIRE(info.has_value());
        CHECK(info->codec == codec_id::avc);
        CHECK(info->width == 640);
        CHECK(info->height == 360);
        REQUIRE(info->frame_rate.has_value());
        CHECK(*info->frame_rate == Approx(25.0));
        REQUIRE(info->avc_config.has_value());
        CHECK(info->avc_config->length_size == 4);
        CHECK(info->avc_config->sps.size() == 1);
        CHECK(info->avc_config->pps.size() == 1);
    }
}

TEST_CASE("FLV video info rejects other codecs and broken records", "[flv][codec]") {
    CHECK(parse_video_info(hex("22 00")).error() == errc::not_sequence_header);
    CHECK(parse_video_info(hex("1c 00 00 00 00 01")).error() == errc::not_sequence_header);
    CHECK(parse_video_info(hex("17 00 00 00")).error() == errc::truncated);
    auto cut = parse_video_info(hex("17 00 00 00 00 01 4d 40"));  // record cut after 3 bytes
    REQUIRE_FALSE(cut.has_value());
    CHECK(cut.error().category().name() == std::string("lal.avc"));
}

TEST_CASE("describe_video_config reads hvcC, av1C and vpcC records", "[flv][codec_info]") {
    // x265's 322x242 parameter sets in an hvcC (tests/hevc/vectors.hpp).
    auto hvcc = lal::test::hex(
        "0101600000009000000000003cf000fcfdf8f800000f03"
        "a00001001840010c01ffff01600000030090000003000003003c959809"
        "a10001002b42010101600000030090000003000003003ca00a480f9c9265959a4932bc05a02000000300200000030321"
        "a200010007" "4401c172b46240");
    auto h = lal::flv::describe_video_config(lal::media::codec_id::h265, hvcc);
    REQUIRE(h.has_value());
    CHECK(h->width == 322);
    CHECK(h->height == 242);
    CHECK(h->bit_depth == 8);
    CHECK(h->codec_string == "hvc1.1.6.L60.90");
    // libaom's 320x240 10-bit sequence header in an av1C.
    auto av1c = lal::test::hex("81004c000a0b000000043cffbcdaf94040");
    auto a = lal::flv::describe_video_config(lal::media::codec_id::av1, av1c);
    REQUIRE(a.has_value());
    CHECK(a->width == 320);
    CHECK(a->height == 240);
    CHECK(a->bit_depth == 10);
    CHECK(a->codec_string == "av01.0.00M.10");
    CHECK(lal::flv::describe_video_config(lal::media::codec_id::av1, lal::test::hex("81000c00")).error() ==
          lal::flv::errc::not_sequence_header);
    // ffmpeg's (libvpx-vp9) 10-bit 4:2:0 vpcC: no size, the depth and the codecs string.
    auto v = lal::flv::describe_video_config(lal::media::codec_id::vp9, lal::test::hex("01000000020aa20202020000"));
    REQUIRE(v.has_value());
    CHECK(v->width == 0);
    CHECK(v->bit_depth == 10);
    CHECK(v->codec_string == "vp09.02.10.10");
    CHECK(lal::flv::describe_video_config(lal::media::codec_id::vp9, av1c).error() == lal::vp9::errc::bad_profile);
    CHECK(lal::flv::describe_video_config(lal::media::codec_id::opus, av1c).error() ==
          lal::flv::errc::unsupported_codec);
    CHECK(lal::flv::describe_video_config(lal::media::codec_id::h265, lal::test::hex("0101")).error() ==
          lal::hevc::errc::truncated);
}
