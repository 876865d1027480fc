// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/rtp/hevc_config.hpp>
#include <lal/sdp/track.hpp>

#include "hex.hpp"

using lal::test::hex;
namespace sdp = lal::sdp;
namespace media = lal::media;

namespace {
sdp::media_description section(std::string_view text) {
    auto s = sdp::parse(text);
    REQUIRE(s);
    REQUIRE(s->media.size() == 1);
    return s->media[0];
}
}  // namespace

TEST_CASE("Base64 round-trips and tolerates missing padding and URL-safe letters", "[sdp][base64]") {
    CHECK(sdp::base64_encode(hex("68ee3c80")) == "aO48gA==");
    CHECK(sdp::base64_encode({}) == "");
    CHECK(sdp::base64_decode("aO48gA==") == hex("68ee3c80"));
    CHECK(sdp::base64_decode("aO48gA") == hex("68ee3c80"));
    CHECK(sdp::base64_decode("_-8") == hex("ffef"));
    CHECK_FALSE(sdp::base64_decode("aO*8"));
    CHECK_FALSE(sdp::base64_decode("aO==gA"));
}

TEST_CASE("An H.264 section gives an avcC from sprop-parameter-sets", "[sdp][track]") {
    auto m = section("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                     "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z01AHtoCgL/lwEQAAAMABAAAAwDKPFi6gA==,aO88gA==, \r\n"
                     "a=control:streamid=0\r\n");
    auto t = sdp::describe_track(m);
    REQUIRE(t);
    CHECK(t->codec == media::codec_id::h264);
    CHECK(t->kind == media::media_kind::video);
    CHECK(t->clock_rate == 90000);
    CHECK(t->control == "streamid=0");
    REQUIRE(t->config);
    auto rec = lal::avc::parse_decoder_configuration_record(t->config->record.bytes());
    REQUIRE(rec);
    CHECK(rec->sps.front() == hex("674d401eda0280bfe5c044000003000400000300ca3c58ba80"));
    CHECK(rec->pps.front() == hex("68ef3c80"));
    CHECK(rec->profile_indication == 77);
}

TEST_CASE("A camera without sprop-parameter-sets still gives an H.264 track", "[sdp][track]") {
    auto m = section("m=video 0 RTP/AVP 98\na=rtpmap:98 h264/90000\na=fmtp:98 packetization-mode=1\n");
    auto t = sdp::describe_track(m);
    REQUIRE(t);
    CHECK(t->codec == media::codec_id::h264);
    CHECK_FALSE(t->config);  // the depacketizer learns the sets in-band
    auto broken = section("m=video 0 RTP/AVP 98\na=rtpmap:98 H264/90000\na=fmtp:98 sprop-parameter-sets=!!!,???\n");
    auto b = sdp::describe_track(broken);
    REQUIRE(b);
    CHECK_FALSE(b->config);
    auto interleaved = section("m=video 0 RTP/AVP 98\na=rtpmap:98 H264/90000\na=fmtp:98 packetization-mode=2\n");
    CHECK(sdp::describe_track(interleaved).error() == sdp::errc::unsupported_mode);
}

TEST_CASE("AAC sections give the ASC from config= and the AU header sizes", "[sdp][track]") {
    auto m = section("m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/44100/2\r\n"
                     "a=fmtp:97 streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1210; "
                     "SizeLength=13; IndexLength=3; IndexDeltaLength=3; Profile=1;\r\n");
    auto t = sdp::describe_track(m);
    REQUIRE(t);
    CHECK(t->codec == media::codec_id::aac);
    CHECK(t->clock_rate == 44100);
    CHECK(t->channels == 2);
    REQUIRE(t->config);
    CHECK(lal::test::to_hex(t->config->record.bytes()) == "1210");
    CHECK(t->depacketizer.size_length == 13);
    auto celp = section("m=audio 0 RTP/AVP 97\na=rtpmap:97 mpeg4-generic/8000\na=fmtp:97 mode=CELP-cbr\n");
    CHECK(sdp::describe_track(celp).error() == sdp::errc::unsupported_mode);
    auto odd = section("m=audio 0 RTP/AVP 97\na=rtpmap:97 mpeg4-generic/8000\na=fmtp:97 mode=AAC-hbr; sizelength=40\n");
    CHECK(sdp::describe_track(odd).error() == sdp::errc::unsupported_mode);
}

TEST_CASE("The first receivable format of a section is chosen", "[sdp][track]") {
    auto m = section("m=audio 0 RTP/AVP 101 111 0\na=rtpmap:101 telephone-event/8000\na=rtpmap:111 opus/48000/2\n"
                     "a=fmtp:111 minptime=10; sprop-stereo=1\n");
    auto t = sdp::describe_track(m);
    REQUIRE(t);
    CHECK(t->codec == media::codec_id::opus);
    CHECK(t->payload_type == 111);
    CHECK(t->channels == 2);
    REQUIRE(t->config);
    CHECK(lal::test::to_hex(t->config->record.bytes().first(10)) == "4f707573486561640102");
    auto none = section("m=application 0 RTP/AVP 107\na=rtpmap:107 vnd.onvif.metadata/90000\n");
    CHECK(sdp::describe_track(none).error() == sdp::errc::no_media);
}

TEST_CASE("Sections built for each codec read back as the same track", "[sdp][track]") {
    const auto sps = hex("674d401eda0280bfe5c044000003000400000300ca3c58ba80");
    const auto pps = hex("68ee3c80");
    std::vector<std::byte> avcc;
    REQUIRE_FALSE(lal::avc::append_decoder_configuration_record(*lal::avc::make_decoder_configuration_record(sps, pps), avcc));
    auto hvcc = lal::rtp::make_hevc_config(
        hex("40010c01ffff01600000030090000003000003003c959809"),
        hex("42010101600000030090000003000003003ca00a080b9f796566924caf016808000003000800000300c840"),
        hex("4401c172b46240"));
    REQUIRE(hvcc);
    const media::track_config configs[] = {
        {media::media_kind::video, media::codec_id::h264, lal::payload::adopt(std::move(avcc))},
        {media::media_kind::video, media::codec_id::h265, lal::payload::copy_from(*hvcc)},
        {media::media_kind::audio, media::codec_id::aac, lal::payload::copy_from(hex("1190"))},
        {media::media_kind::audio, media::codec_id::g711a, {}},
        {media::media_kind::audio, media::codec_id::g711u, {}},
    };
    for (const auto& c : configs) {
        INFO(lal::media::name(c.codec));
        auto m = sdp::media_for(c, 96, "trackID=3");
        REQUIRE(m);
        sdp::session_description s;
        s.media.push_back(*m);
        auto back = sdp::parse(sdp::to_string(s));
        REQUIRE(back);
        auto t = sdp::describe_track(back->media[0]);
        REQUIRE(t);
        CHECK(t->codec == c.codec);
        CHECK(t->control == "trackID=3");
        if (!c.record.empty()) {
            REQUIRE(t->config);
            CHECK(t->config->record == c.record);
        }
    }
    CHECK(sdp::media_for({media::media_kind::audio, media::codec_id::mp3, {}}, 14, "x").error() ==
          sdp::errc::unsupported_codec);
    CHECK(sdp::media_for({media::media_kind::video, media::codec_id::h264, lal::payload::copy_from(hex("01"))}, 96, "x")
              .error() == sdp::errc::bad_parameter_sets);
}
