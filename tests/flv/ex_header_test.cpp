// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/ex_header.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>

#include "hex.hpp"

using namespace lal::flv;
using lal::test::hex;
using lal::test::to_hex;

TEST_CASE("an hvc1 CodedFrames header carries a signed CompositionTime", "[flv][ex_header]") {
    // IsExHeader, key frame, CodedFrames; 'hvc1'; CTS -40 ms; then NAL units.
    auto body = hex("91 68766331 ffffd8 00000002 2601");
    auto h = parse_ex_video_header(body);
    REQUIRE(h.has_value());
    CHECK(h->frame_type == 1);
    CHECK(h->packet_type == video_packet_type::coded_frames);
    CHECK(h->fourcc == fourcc('h', 'v', 'c', '1'));
    CHECK(h->composition_time == -40);
    CHECK(h->size == 8);
    std::vector<std::byte> out;
    append_ex_video_header(*h, out);
    CHECK(to_hex(out) == "9168766331ffffd8");
}

TEST_CASE("av01 frames, X frames and sequence starts have no CompositionTime", "[flv][ex_header]") {
    for (const char* text : {"91 61763031 12000a", "a3 68766331 aa", "90 68766331 01"}) {
        auto body = hex(text);
        auto h = parse_ex_video_header(body);
        REQUIRE(h.has_value());
        CHECK(h->size == 5);
        CHECK(h->composition_time == 0);
    }
    auto x = parse_ex_video_header(hex("a3 68766331"));
    REQUIRE(x.has_value());
    CHECK(x->frame_type == 2);
    CHECK(x->packet_type == video_packet_type::coded_frames_x);
}

TEST_CASE("a ModEx prefix gives its nanosecond offset and the real packet type", "[flv][ex_header]") {
    // PacketType 7 (ModEx); size 3 (UI8 2 + 1); UI24 500000 ns; ModExType 0,
    // PacketType 1; 'hvc1'; CTS 0.
    auto body = hex("97 02 07a120 01 68766331 000000 aabb");
    auto h = parse_ex_video_header(body);
    REQUIRE(h.has_value());
    CHECK(h->packet_type == video_packet_type::coded_frames);
    CHECK(h->timestamp_offset_ns == 500000);
    CHECK(h->size == 13);
    // The media model reads past it to the same NAL units.
    auto item = to_media(tag_type::video, 40, lal::payload::copy_from(body));
    REQUIRE(item.has_value());
    CHECK(item->what == media_item::type::frame);
    CHECK(item->frame.codec == lal::media::codec_id::h265);
    CHECK(to_hex(item->frame.data.bytes()) == "aabb");
    // The offset refines the message's 40 ms: 40.5 ms, in the model's µs.
    CHECK(item->frame.dts == 40'500);
    CHECK(item->frame.pts == 40'500);
    CHECK(parse_ex_video_header(hex("97 00 aa 01 68766331")).error() == errc::bad_mod_ex);
    // 999999 ns is the largest offset; 1 ms (0f4240) or more is not an offset.
    CHECK(parse_ex_video_header(hex("97 02 0f423f 01 68766331 000000"))->timestamp_offset_ns == 999999);
    CHECK(parse_ex_video_header(hex("97 02 0f4240 01 68766331 000000")).error() == errc::bad_mod_ex);
    // A 256-byte ModEx uses the UI16 size form.
    std::vector<std::byte> large = hex("97 ff 00ff");
    large.resize(large.size() + 256, std::byte{0x11});
    auto tail = hex("13 61763031");  // ModExType 1 (unknown: skipped), CodedFramesX
    large.insert(large.end(), tail.begin(), tail.end());
    auto l = parse_ex_video_header(large);
    REQUIRE(l.has_value());
    CHECK(l->packet_type == video_packet_type::coded_frames_x);
    CHECK(l->fourcc == fourcc('a', 'v', '0', '1'));
    CHECK(l->timestamp_offset_ns == 0);
}

TEST_CASE("multitrack packets are refused clearly and passed through whole", "[flv][ex_header]") {
    auto body = hex("96 00 68766331 0000");
    CHECK(parse_ex_video_header(body).error() == errc::unsupported_multitrack);
    CHECK(parse_ex_audio_header(hex("95 00 4f707573")).error() == errc::unsupported_multitrack);
    auto item = to_media(tag_type::video, 0, lal::payload::copy_from(body));
    REQUIRE(item.has_value());
    CHECK(item->what == media_item::type::other);
    CHECK(item->header.size() == body.size());
}

TEST_CASE("a command frame has a VideoCommand and no FourCC", "[flv][ex_header]") {
    auto h = parse_ex_video_header(hex("d1 00"));
    REQUIRE(h.has_value());
    CHECK(h->frame_type == 5);
    CHECK(h->fourcc == 0);
    CHECK(h->size == 2);
    std::vector<std::byte> out;
    append_ex_video_header(*h, out);
    CHECK(to_hex(out) == "d100");
}

TEST_CASE("ExAudioTagHeaders name Opus, mp4a, ac-3 and ec-3", "[flv][ex_header]") {
    struct row {
        const char* fourcc;
        lal::media::codec_id codec;
    };
    for (auto [text, codec] : {row{"4f707573", lal::media::codec_id::opus}, row{"6d703461", lal::media::codec_id::aac},
                               row{"61632d33", lal::media::codec_id::other_audio},
                               row{"65632d33", lal::media::codec_id::other_audio}}) {
        auto body = hex(std::string("91") + text + "fc00");
        auto h = parse_ex_audio_header(body);
        REQUIRE(h.has_value());
        CHECK(h->packet_type == audio_packet_type::coded_frames);
        CHECK(h->size == 5);
        CHECK(classify(tag_type::audio, body).codec == codec);
        std::vector<std::byte> out;
        append_ex_audio_header(*h, out);
        CHECK(to_hex(out) == std::string("91") + text);
    }
}

TEST_CASE("enhanced headers cut short are truncated; legacy bodies are not enhanced", "[flv][ex_header]") {
    auto video = hex("97 02 07a120 01 68766331 ffffd8");
    for (std::size_t n = 0; n < video.size(); ++n) {
        INFO("cut at " << n);
        CHECK(parse_ex_video_header(std::span(video).first(n)).error() == errc::truncated);
    }
    auto audio = hex("90 4f707573");
    for (std::size_t n = 0; n < audio.size(); ++n) {
        CHECK(parse_ex_audio_header(std::span(audio).first(n)).error() == errc::truncated);
    }
    CHECK(parse_ex_video_header(hex("17 01 000000")).error() == errc::not_enhanced);
    CHECK(parse_ex_audio_header(hex("af 01")).error() == errc::not_enhanced);
}
