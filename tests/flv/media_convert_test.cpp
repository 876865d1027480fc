// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/ex_header.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/flv/reader.hpp>

#include "data_path.hpp"
#include "hex.hpp"

using namespace lal::flv;
namespace media = lal::media;
using codec = lal::media::codec_id;
using lal::test::hex;

namespace {

lal::payload bytes(const char* text) { return lal::payload::adopt(hex(text)); }

/// The body to_flv_body gives, flattened.
lal::payload back(const media_item& item) {
    auto w = to_flv_body(item);
    REQUIRE(w.has_value());
    return lal::payload::copy_from(w->flatten());
}

/// The same item without its kept header: what a frame from another input looks like.
lal::payload rebuilt(media_item item) {
    item.header = {};
    return back(item);
}

}  // namespace

TEST_CASE("to_media: an AVC frame becomes dts, pts and its NAL units, sliced from the body", "[flv][media]") {
    const auto body = bytes("27 01 00 00 21 00 00 00 02 41 9a");  // CompositionTime 33 ms
    auto item = to_media(tag_type::video, 1000, body);
    REQUIRE(item.has_value());
    CHECK(item->what == media_item::type::frame);
    CHECK(item->frame.codec == codec::h264);
    CHECK(item->frame.dts == 1'000'000);
    CHECK(item->frame.pts == 1'033'000);
    CHECK_FALSE(item->frame.keyframe);
    CHECK(item->frame.data == bytes("00 00 00 02 41 9a"));
    CHECK(item->frame.data.shares_storage_with(body));
    CHECK(back(*item) == body);
    CHECK(rebuilt(*item) == body);

    // A negative CompositionTime (SI24) too.
    const auto early = bytes("17 01 ff ff d8 00 00 00 01 65");
    auto e = to_media(tag_type::video, 80, early);
    REQUIRE(e.has_value());
    CHECK(e->frame.pts - e->frame.dts == -40'000);
    CHECK(e->frame.keyframe);
    CHECK(rebuilt(*e) == early);
}

TEST_CASE("to_media: sequence headers become a shared track configuration attached to later frames",
          "[flv][media]") {
    const auto seq = bytes("17 00 00 00 00 01 64 00 1f ff e1");
    auto c = to_media(tag_type::video, 0, seq);
    REQUIRE(c.has_value());
    REQUIRE(c->what == media_item::type::config);
    REQUIRE(c->config);
    CHECK(c->config->codec == codec::h264);
    CHECK(c->config->record == bytes("01 64 00 1f ff e1"));
    CHECK(c->config->record.shares_storage_with(seq));
    CHECK(back(*c) == seq);
    CHECK(rebuilt(*c) == seq);

    auto f = to_media(tag_type::video, 40, bytes("17 01 00 00 00 00 00 00 01 65"), c->config);
    REQUIRE(f.has_value());
    CHECK(f->frame.config == c->config);

    const auto asc = bytes("af 00 12 10");
    auto a = to_media(tag_type::audio, 0, asc);
    REQUIRE(a.has_value());
    CHECK(a->config->codec == codec::aac);
    CHECK(a->config->record == bytes("12 10"));
    CHECK(rebuilt(*a) == asc);
}

TEST_CASE("to_media: Enhanced RTMP HEVC, AV1 and Opus; legacy HEVC alike", "[flv][media]") {
    auto legacy = to_media(tag_type::video, 40, bytes("1c 01 00 00 0a 00 00 00 02 26 01"));
    auto coded = to_media(tag_type::video, 40, bytes("91 68 76 63 31 00 00 0a 00 00 00 02 26 01"));
    auto coded_x = to_media(tag_type::video, 40, bytes("93 68 76 63 31 00 00 00 02 26 01"));
    REQUIRE(legacy.has_value());
    REQUIRE(coded.has_value());
    REQUIRE(coded_x.has_value());
    for (const auto* i : {&*legacy, &*coded}) {
        CHECK(i->frame.codec == codec::h265);
        CHECK(i->frame.keyframe);
        CHECK(i->frame.pts - i->frame.dts == 10'000);
        CHECK(i->frame.data == bytes("00 00 00 02 26 01"));
    }
    CHECK(coded_x->frame.pts == coded_x->frame.dts);  // CodedFramesX: no CompositionTime
    CHECK(coded_x->frame.data == bytes("00 00 00 02 26 01"));
    // Rebuilt without its header, enhanced HEVC comes out as legacy codec id 12: the same model.
    auto again = to_media(tag_type::video, 40, rebuilt(*coded));
    REQUIRE(again.has_value());
    CHECK(again->frame.codec == codec::h265);
    CHECK(again->frame.pts == coded->frame.pts);
    CHECK(again->frame.data == coded->frame.data);

    const auto av1 = bytes("90 61 76 30 31 81 00 0c");
    auto a = to_media(tag_type::video, 0, av1);
    REQUIRE(a.has_value());
    CHECK(a->config->codec == codec::av1);
    CHECK(rebuilt(*a) == av1);

    const auto opus = bytes("91 4f 70 75 73 fc ff fe");
    auto o = to_media(tag_type::audio, 20, opus);
    REQUIRE(o.has_value());
    CHECK(o->frame.codec == codec::opus);
    CHECK(o->frame.data == bytes("fc ff fe"));
    CHECK(rebuilt(*o) == opus);
}

TEST_CASE("to_media: an Enhanced RTMP Metadata packet passes on whole, never an error", "[flv][media]") {
    // Enhanced RTMP v2 VideoPacketType.Metadata (4), hvc1, then AMF0 "colorInfo"
    // and an empty object (E.4.3.1 ExVideoTagHeader): not a frame nor a config.
    const auto meta = bytes("94 68 76 63 31 02 00 09 63 6f 6c 6f 72 49 6e 66 6f 03 00 00 09");
    auto h = parse_ex_video_header(meta.bytes());
    REQUIRE(h.has_value());
    CHECK(h->packet_type == video_packet_type::metadata);
    auto item = to_media(tag_type::video, 80, meta);
    REQUIRE(item.has_value());
    CHECK(item->what == media_item::type::other);
    CHECK(item->config == nullptr);
    CHECK(back(*item) == meta);  // FLV and RTMP players get it as it came
    // Cut inside its FourCC or its AMF: still passed on whole.
    for (const char* cut : {"94 68 76", "94 68 76 63 31 02 00"}) {
        auto c = to_media(tag_type::video, 80, bytes(cut));
        REQUIRE(c.has_value());
        CHECK(back(*c) == bytes(cut));
    }
}

TEST_CASE("to_media: what the model cannot say still comes back byte for byte", "[flv][media]") {
    // Speex (SoundFormat 11), a command frame, an AVC end of sequence, G.711 at odd rate bits.
    for (auto [type, text] : {std::pair{tag_type::audio, "b2 01 02 03"}, std::pair{tag_type::video, "57 00"},
                              std::pair{tag_type::video, "17 02 00 00 00 aa"}, std::pair{tag_type::audio, "7e d5 d5"},
                              std::pair{tag_type::video, "32 aa bb"}}) {
        const auto body = bytes(text);
        auto item = to_media(type, 0, body);
        REQUIRE(item.has_value());
        CHECK(back(*item) == body);
    }
    auto speex = to_media(tag_type::audio, 0, bytes("b2 01 02 03"));
    CHECK(speex->frame.codec == codec::other_audio);
    {
        auto item = *speex;
        item.header = {};
        CHECK(to_flv_body(item).error() == make_error_code(errc::unsupported_codec));
    }
}

TEST_CASE("to_media: truncated headers and script data are errors", "[flv][media]") {
    CHECK(to_media(tag_type::video, 0, {}).error() == make_error_code(errc::truncated));
    CHECK(to_media(tag_type::video, 0, bytes("17 01 00")).error() == make_error_code(errc::truncated));
    CHECK(to_media(tag_type::video, 0, bytes("91 68 76 63 31 00")).error() == make_error_code(errc::truncated));
    CHECK(to_media(tag_type::audio, 0, bytes("af")).error() == make_error_code(errc::truncated));
    CHECK(to_media(tag_type::audio, 0, bytes("90 4f 70")).error() == make_error_code(errc::truncated));
    CHECK(to_media(tag_type::script, 0, bytes("02 00 01 61")).error() == make_error_code(errc::unknown_tag_type));
}

TEST_CASE("every audio and video tag of a real file converts to the model and back exactly, with or without "
          "its kept header",
          "[flv][media]") {
    reader r;
    REQUIRE_FALSE(r.feed(lal::test::read_data("media/h264_bframes_aac_5s.flv")));
    media::track_config_ptr video_config, audio_config;
    int frames = 0, with_cts = 0;
    while (auto t = r.next()) {
        if (t->type == tag_type::script) continue;
        auto& config = t->type == tag_type::video ? video_config : audio_config;
        auto item = to_media(t->type, t->timestamp, t->data, config);
        REQUIRE(item.has_value());
        if (item->what == media_item::type::config) config = item->config;
        if (item->what == media_item::type::frame) {
            ++frames;
            with_cts += item->frame.pts != item->frame.dts;
            CHECK(item->frame.config == config);
        }
        CHECK(back(*item) == t->data);
        CHECK(rebuilt(*item) == t->data);
    }
    CHECK(frames > 300);
    CHECK(with_cts > 0);  // B-frames: pts differs from dts
}
