// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_header.hpp>

#include "hex.hpp"

using namespace lal::flv;
namespace media = lal::media;
using codec = lal::media::codec_id;
using lal::media::media_kind;
using lal::test::hex;

TEST_CASE("classify: legacy AVC sequence header, key frame, inter frame and end of sequence", "[flv][classify]") {
    auto seq = classify(tag_type::video, hex("17 00 00 00 00 01 64 00 1f"));
    CHECK(seq.codec == codec::h264);
    CHECK(seq.sequence_header);
    CHECK_FALSE(seq.keyframe);
    CHECK_FALSE(seq.enhanced);

    auto key = classify(tag_type::video, hex("17 01 00 00 00 00 00 00 02 65 88"));
    CHECK(key.keyframe);
    CHECK_FALSE(key.sequence_header);

    auto inter = classify(tag_type::video, hex("27 01 00 00 21 00 00 00 02 41 9a"));
    CHECK_FALSE(inter.keyframe);
    CHECK_FALSE(inter.sequence_header);

    auto eos = classify(tag_type::video, hex("17 02 00 00 00"));
    CHECK(eos.end_of_sequence);
    CHECK_FALSE(eos.keyframe);  // carries no picture: does not start a GOP
}

TEST_CASE("classify: Enhanced RTMP HEVC and legacy codec id 12 classify alike", "[flv][classify]") {
    // Legacy: FrameType 1, CodecID 12; AVCPacketType 0 / 1.
    auto legacy_seq = classify(tag_type::video, hex("1c 00 00 00 00 01 01 60"));
    auto legacy_key = classify(tag_type::video, hex("1c 01 00 00 00 00 00 00 02 26 01"));
    auto legacy_inter = classify(tag_type::video, hex("2c 01 00 00 00 00 00 00 02 02 01"));
    // Enhanced: IsExHeader | FrameType 1 | PacketType 0 (SequenceStart) / 1 (CodedFrames)
    // / 3 (CodedFramesX), FourCC 'hvc1'.
    auto ex_seq = classify(tag_type::video, hex("90 68 76 63 31 01 01 60"));
    auto ex_key = classify(tag_type::video, hex("91 68 76 63 31 00 00 00 00 00 00 02 26 01"));
    auto ex_key_x = classify(tag_type::video, hex("93 68 76 63 31 00 00 00 02 26 01"));
    auto ex_inter = classify(tag_type::video, hex("a1 68 76 63 31 00 00 00 00 00 00 02 02 01"));

    for (const auto* c : {&legacy_seq, &legacy_key, &legacy_inter, &ex_seq, &ex_key, &ex_key_x, &ex_inter}) {
        CHECK(c->codec == codec::h265);
    }
    CHECK(legacy_seq.sequence_header == ex_seq.sequence_header);
    CHECK(ex_seq.sequence_header);
    CHECK(legacy_key.keyframe == ex_key.keyframe);
    CHECK(ex_key.keyframe);
    CHECK(ex_key_x.keyframe);
    CHECK(legacy_inter.keyframe == ex_inter.keyframe);
    CHECK_FALSE(ex_inter.keyframe);
    CHECK(ex_key.enhanced);
    CHECK(ex_key.fourcc == fourcc('h', 'v', 'c', '1'));
    CHECK_FALSE(legacy_key.enhanced);

    // The helpers of media_header.hpp give the same answers.
    CHECK(is_sequence_header(tag_type::video, hex("90 68 76 63 31 01")));
    CHECK(is_keyframe(tag_type::video, hex("91 68 76 63 31 00 00 00")));
    CHECK(is_end_of_sequence(tag_type::video, hex("92 68 76 63 31")));
}

TEST_CASE("classify: Enhanced RTMP AV1 and command frames", "[flv][classify]") {
    auto av1 = classify(tag_type::video, hex("90 61 76 30 31 81 00 0c"));
    CHECK(av1.codec == codec::av1);
    CHECK(av1.sequence_header);
    // FrameType 5 (command frame) has no FourCC and is never a key frame.
    auto command = classify(tag_type::video, hex("d1 00"));
    CHECK(command.enhanced);
    CHECK(command.fourcc == 0);
    CHECK_FALSE(command.keyframe);
    // A legacy command frame (FrameType 5) of an AVC stream is neither a
    // configuration nor a picture, though its second byte is 0.
    auto legacy_command = classify(tag_type::video, hex("57 00"));
    CHECK_FALSE(legacy_command.sequence_header);
    CHECK_FALSE(legacy_command.keyframe);
    // Too short for its FourCC: still classified by its first byte.
    auto short_key = classify(tag_type::video, hex("91 68 76"));
    CHECK(short_key.codec == codec::unknown);
    CHECK(short_key.keyframe);
}

TEST_CASE("classify: audio formats, AAC and Enhanced RTMP Opus sequence headers", "[flv][classify]") {
    auto asc = classify(tag_type::audio, hex("af 00 12 10"));
    CHECK(asc.codec == codec::aac);
    CHECK(asc.sequence_header);
    auto raw = classify(tag_type::audio, hex("af 01 21 10"));
    CHECK_FALSE(raw.sequence_header);
    CHECK_FALSE(raw.keyframe);
    CHECK(classify(tag_type::audio, hex("2f ff")).codec == codec::mp3);
    CHECK(classify(tag_type::audio, hex("72 d5")).codec == codec::g711a);
    CHECK(classify(tag_type::audio, hex("82 d5")).codec == codec::g711u);
    CHECK(classify(tag_type::audio, hex("b6 00")).codec == codec::other_audio);  // Speex
    // A lone AAC byte: no packet type, so not a sequence header.
    CHECK_FALSE(classify(tag_type::audio, hex("af")).sequence_header);

    auto opus_head = classify(tag_type::audio, hex("90 4f 70 75 73 4f 70 75 73 48 65 61 64"));
    CHECK(opus_head.enhanced);
    CHECK(opus_head.codec == codec::opus);
    CHECK(opus_head.sequence_header);
    auto opus = classify(tag_type::audio, hex("91 4f 70 75 73 fc ff fe"));
    CHECK_FALSE(opus.sequence_header);
}

TEST_CASE("classify: script data and empty bodies are nothing", "[flv][classify]") {
    auto script = classify(tag_type::script, hex("02 00 0a 6f 6e 4d 65 74 61 44 61 74 61"));
    CHECK(script.codec == codec::unknown);
    CHECK_FALSE(script.keyframe);
    CHECK_FALSE(classify(tag_type::video, {}).keyframe);
    CHECK_FALSE(classify(tag_type::audio, {}).sequence_header);
}

TEST_CASE("RTMP message types map to FLV tag types and media kinds", "[flv][classify]") {
    CHECK(tag_type_of_message(8) == tag_type::audio);
    CHECK(tag_type_of_message(9) == tag_type::video);
    CHECK(tag_type_of_message(18) == tag_type::script);
    CHECK_FALSE(tag_type_of_message(15).has_value());  // AMF3 data
    CHECK_FALSE(tag_type_of_message(20).has_value());  // AMF0 command
    CHECK(media_kind_of(8, false) == media_kind::audio);
    CHECK(media_kind_of(9, true) == media_kind::video);
    CHECK(media_kind_of(18, true) == media_kind::metadata);
    CHECK(media_kind_of(18, false) == media_kind::data);
    CHECK_FALSE(media_kind_of(19, false).has_value());
    for (auto k : {media_kind::audio, media_kind::video, media_kind::metadata}) {
        CHECK(media_kind_of(message_type_of(k), k == media_kind::metadata) == k);
    }
}
