// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/file_header.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/flv/tag.hpp>

#include "hex.hpp"

using namespace lal::flv;
using lal::test::hex;
using lal::test::to_hex;

TEST_CASE("FLV file header parses flags and data offset", "[flv][header]") {
    auto h = parse_file_header(hex("46 4c 56 01 05 00 00 00 09"));
    REQUIRE(h.has_value());
    CHECK(h->version == 1);
    CHECK(h->has_audio);
    CHECK(h->has_video);
    CHECK(h->data_offset == 9);

    auto video_only = parse_file_header(hex("46 4c 56 01 01 00 00 00 0c"));
    REQUIRE(video_only.has_value());
    CHECK_FALSE(video_only->has_audio);
    CHECK(video_only->has_video);
    CHECK(video_only->data_offset == 12);

    std::vector<std::byte> out;
    append_file_header(file_header{1, true, false, 9}, out);
    CHECK(to_hex(out) == "464c56010400000009" "00000000");  // plus PreviousTagSize0
}

TEST_CASE("FLV file header rejects bad signature, bad offset and short input", "[flv][header]") {
    CHECK(parse_file_header(hex("46 4c 57 01 05 00 00 00 09")).error() == errc::bad_signature);
    CHECK(parse_file_header(hex("00 00")).error() == errc::truncated);
    CHECK(parse_file_header(hex("46 4c 56 01 05 00 00 00")).error() == errc::truncated);
    CHECK(parse_file_header(hex("46 4c 56 01 05 00 00 00 08")).error() == errc::bad_header);
    CHECK(parse_file_header(hex("46 4c 56 00 05 00 00 00 09")).error() == errc::bad_header);
    CHECK(make_error_code(errc::bad_signature).message() == "not an FLV file (bad signature)");
}

TEST_CASE("FLV tag header puts TimestampExtended in the upper 8 bits", "[flv][header]") {
    auto bytes = hex("09 00 00 05 12 34 56 78 00 00 00");
    auto h = parse_tag_header(bytes);
    REQUIRE(h.has_value());
    CHECK(h->type == tag_type::video);
    CHECK(h->data_size == 5);
    CHECK(h->timestamp == 0x78123456u);
    CHECK(h->stream_id == 0);
    std::vector<std::byte> out;
    append_tag_header(*h, out);
    CHECK(out == bytes);
}

TEST_CASE("FLV tag header rejects unknown types, encrypted tags and short input", "[flv][header]") {
    CHECK(parse_tag_header(hex("07 00 00 05 00 00 00 00 00 00 00")).error() == errc::unknown_tag_type);
    CHECK(parse_tag_header(hex("28 00 00 05 00 00 00 00 00 00 00")).error() == errc::encrypted_tag);
    CHECK(parse_tag_header(hex("08 00 00 05 00 00 00 00 00 00")).error() == errc::truncated);
}

TEST_CASE("FLV tag encodes with header, data and PreviousTagSize", "[flv][header]") {
    tag t{tag_type::audio, 0x01000002, 0, lal::payload::adopt(hex("af 01 21 22"))};
    auto wire = encode_tag(t);
    CHECK(to_hex(wire.bytes()) == "08000004" "000002" "01" "000000" "af012122" "0000000f");
    CHECK(wire.size() == wire_size(t));
    std::vector<std::byte> appended = hex("ee");
    append_tag(t, appended);
    CHECK(to_hex(appended) == "ee" + to_hex(wire.bytes()));
}

TEST_CASE("FLV audio tag header for AAC and for MP3", "[flv][media]") {
    auto aac = parse_audio_tag_header(hex("af 00 12 10"));
    REQUIRE(aac.has_value());
    CHECK(aac->format == sound_format::aac);
    CHECK(aac->rate == 3);
    CHECK(aac->sample_16bit);
    CHECK(aac->stereo);
    CHECK(aac->aac_type == aac_packet_type::sequence_header);
    CHECK(aac->size() == 2);

    auto mp3 = parse_audio_tag_header(hex("2a ff"));
    REQUIRE(mp3.has_value());
    CHECK(mp3->format == sound_format::mp3);
    CHECK(mp3->rate == 2);
    CHECK(mp3->sample_16bit);
    CHECK_FALSE(mp3->stereo);
    CHECK_FALSE(mp3->aac_type.has_value());
    CHECK(mp3->size() == 1);

    std::vector<std::byte> out;
    append_audio_tag_header(*aac, out);
    append_audio_tag_header(*mp3, out);
    CHECK(to_hex(out) == "af002a");

    CHECK(parse_audio_tag_header({}).error() == errc::truncated);
    CHECK(parse_audio_tag_header(hex("af")).error() == errc::truncated);
}

TEST_CASE("FLV video tag header sign-extends the composition time", "[flv][media]") {
    auto neg = parse_video_tag_header(hex("27 01 ff ff d8 00 00"));
    REQUIRE(neg.has_value());
    CHECK(neg->frame == frame_type::inter);
    CHECK(neg->codec == codec_id::avc);
    CHECK(neg->packet_type == avc_packet_type::nalu);
    CHECK(neg->composition_time == -40);
    CHECK(neg->size() == 5);

    auto pos = parse_video_tag_header(hex("17 01 00 00 50"));
    REQUIRE(pos.has_value());
    CHECK(pos->composition_time == 80);
    CHECK(parse_video_tag_header(hex("17 01 7f ff ff"))->composition_time == 0x7fffff);
    CHECK(parse_video_tag_header(hex("17 01 80 00 00"))->composition_time == -0x800000);

    std::vector<std::byte> out;
    append_video_tag_header(*neg, out);
    CHECK(to_hex(out) == "2701ffffd8");

    auto h263 = parse_video_tag_header(hex("22"));
    REQUIRE(h263.has_value());
    CHECK(h263->codec == codec_id::sorenson_h263);
    CHECK_FALSE(h263->packet_type.has_value());
    CHECK(h263->size() == 1);

    auto hevc = parse_video_tag_header(hex("1c 00 00 00 00"));
    REQUIRE(hevc.has_value());
    CHECK(hevc->codec == codec_id::hevc);
    CHECK(hevc->packet_type == avc_packet_type::sequence_header);

    CHECK(parse_video_tag_header(hex("17 01 00 00")).error() == errc::truncated);
    CHECK(parse_video_tag_header({}).error() == errc::truncated);
}

TEST_CASE("FLV keyframe and sequence header helpers", "[flv][media]") {
    auto body = [](const char* h) { return lal::payload::adopt(hex(h)); };
    tag key{tag_type::video, 0, 0, body("17 01 00 00 00 00 00 00 01 65")};
    tag seq{tag_type::video, 0, 0, body("17 00 00 00 00 01 4d 40 1e")};
    tag inter{tag_type::video, 0, 0, body("27 01 00 00 00 00 00 00 01 41")};
    tag eos{tag_type::video, 0, 0, body("17 02 00 00 00")};
    tag aac_seq{tag_type::audio, 0, 0, body("af 00 12 10")};
    tag aac_raw{tag_type::audio, 0, 0, body("af 01 21")};
    tag h263_key{tag_type::video, 0, 0, body("12 00")};
    tag script{tag_type::script, 0, 0, body("17 01")};

    CHECK(is_keyframe(key));
    CHECK_FALSE(is_keyframe(seq));
    CHECK_FALSE(is_keyframe(inter));
    CHECK_FALSE(is_keyframe(script));
    CHECK(is_keyframe(h263_key));
    CHECK(is_sequence_header(seq));
    CHECK(is_sequence_header(aac_seq));
    CHECK_FALSE(is_sequence_header(aac_raw));
    CHECK_FALSE(is_sequence_header(key));
    CHECK(is_end_of_sequence(eos));
    CHECK(is_avc(key));
    CHECK_FALSE(is_avc(h263_key));
    CHECK_FALSE(is_avc(script));
    CHECK(is_aac(aac_raw));
    CHECK_FALSE(is_aac(key));
    CHECK_FALSE(is_keyframe(tag{tag_type::video, 0, 0, {}}));
}

TEST_CASE("FLV onMetaData script data round-trips", "[flv][script]") {
    amf0::ecma_array meta{{"duration", 10.0}, {"width", 640}, {"stereo", true}};
    auto body = build_metadata(meta);
    CHECK(to_hex(std::span(body).first(13)) == "02000a" + to_hex(lal::as_byte_span("onMetaData")));
    auto parsed = parse_script_data(body);
    REQUIRE(parsed.has_value());
    CHECK(parsed->name == "onMetaData");
    REQUIRE(parsed->values.size() == 1);
    REQUIRE(parsed->properties() != nullptr);
    CHECK(parsed->properties()->get("width")->as_number() == 640.0);
    CHECK(parsed->values[0] == amf0::value(meta));

    std::vector<std::byte> again;
    append_script_data(parsed->name, parsed->values, again);
    CHECK(again == body);
}

TEST_CASE("FLV script data must start with a name string", "[flv][script]") {
    CHECK(parse_script_data({}).error() == errc::bad_script_data);
    CHECK(parse_script_data(hex("00 3f f0 00 00 00 00 00 00")).error() == errc::bad_script_data);
    CHECK(parse_script_data(hex("02 00 05 61 62")).error() == errc::truncated);
    CHECK(parse_script_data(hex("02 00 01 61 11 01")).error() == errc::amf0_amf3_unsupported);
    auto name_only = parse_script_data(hex("02 00 01 61"));
    REQUIRE(name_only.has_value());
    CHECK(name_only->values.empty());
    CHECK(name_only->properties() == nullptr);
}
