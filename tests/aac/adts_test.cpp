// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/aac/adts.hpp>

#include "hex.hpp"

using namespace lal::aac;
using lal::test::hex;
using lal::test::to_hex;

TEST_CASE("ADTS header of the test file's first frame", "[aac][adts]") {
    // First 7 bytes of tests/data/media/aac_5s.aac.
    auto bytes = hex("ff f1 50 80 1a ff fc");
    auto h = parse_adts_header(bytes);
    REQUIRE(h.has_value());
    CHECK_FALSE(h->mpeg2);
    CHECK_FALSE(h->has_crc);
    CHECK(h->object_type == 2);
    CHECK(h->sampling_frequency_index == 4);
    CHECK(h->channel_configuration == 2);
    CHECK(h->frame_length == 215);
    CHECK(h->buffer_fullness == adts_vbr_fullness);
    CHECK(h->raw_data_blocks == 1);
    CHECK(h->header_size() == 7);

    std::vector<std::byte> out;
    REQUIRE_FALSE(append_adts_header(*h, out));
    CHECK(to_hex(out) == to_hex(bytes));
}

TEST_CASE("ADTS header built from an AudioSpecificConfig", "[aac][adts]") {
    audio_specific_config asc;  // AAC-LC 44.1 kHz stereo
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_adts_header(asc, 100, out));
    // frame_length 107, fullness 0x7ff, one raw block.
    CHECK(to_hex(out) == "fff150800d7ffc");

    SECTION("HE-AAC uses its core type and rate (implicit signalling)") {
        auto he = parse_asc(hex("2b 11 88 00"));
        REQUIRE(he.has_value());
        out.clear();
        REQUIRE_FALSE(append_adts_header(*he, 100, out));
        auto h = parse_adts_header(out);
        REQUIRE(h.has_value());
        CHECK(h->object_type == 2);
        CHECK(h->sampling_frequency_index == 6);
    }
}

TEST_CASE("ADTS header with CRC and every flag set round-trips", "[aac][adts]") {
    adts_header h;
    h.mpeg2 = true;
    h.has_crc = true;
    h.object_type = 4;
    h.sampling_frequency_index = 11;
    h.private_bit = true;
    h.channel_configuration = 7;
    h.original_copy = true;
    h.home = true;
    h.copyright_id_bit = true;
    h.copyright_id_start = true;
    h.frame_length = 8191;
    h.buffer_fullness = 0x123;
    h.crc = 0xbeef;
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_adts_header(h, out));
    REQUIRE(out.size() == 9);
    CHECK(h.header_size() == 9);
    CHECK(to_hex(std::span(out).last(2)) == "beef");
    auto back = parse_adts_header(out);
    REQUIRE(back.has_value());
    CHECK(*back == h);

    SECTION("with three raw blocks the header lists blocks 1..3 before the CRC") {
        h.raw_data_blocks = 4;
        h.block_positions = {0x0102, 0x0304, 0x0506};
        out.clear();
        REQUIRE_FALSE(append_adts_header(h, out));
        CHECK(h.header_size() == 15);
        CHECK(to_hex(std::span(out).last(8)) == "010203040506beef");
        auto again = parse_adts_header(out);
        REQUIRE(again.has_value());
        CHECK(*again == h);
    }
}

TEST_CASE("ADTS header parse errors", "[aac][adts][errors]") {
    CHECK(parse_adts_header(hex("ff f1 50 80 1a ff")).error() == errc::truncated);
    CHECK(parse_adts_header(hex("ff e1 50 80 1a ff fc")).error() == errc::bad_adts_sync);
    CHECK(parse_adts_header(hex("ff f3 50 80 1a ff fc")).error() == errc::bad_adts_layer);
    // Rate index 13 and 15 (no escape in ADTS).
    CHECK(parse_adts_header(hex("ff f1 74 80 1a ff fc")).error() == errc::bad_sampling_frequency_index);
    CHECK(parse_adts_header(hex("ff f1 7c 80 1a ff fc")).error() == errc::bad_sampling_frequency_index);
    // aac_frame_length 6, smaller than the 7-byte header.
    CHECK(parse_adts_header(hex("ff f1 50 80 00 df fc")).error() == errc::bad_adts_frame_length);
    // CRC header (protection_absent 0) needs 9 bytes.
    CHECK(parse_adts_header(hex("ff f0 50 80 1a ff fc be")).error() == errc::truncated);
    // With CRC and 4 raw blocks the header is 7 + 2*3 + 2 = 15 bytes; length 12 is too small.
    CHECK(parse_adts_header(hex("ff f0 50 80 01 9f ff")).error() == errc::bad_adts_frame_length);
}

TEST_CASE("ADTS builder refuses configs ADTS cannot express", "[aac][adts][errors]") {
    std::vector<std::byte> out;
    audio_specific_config asc;
    CHECK_FALSE(append_adts_header(asc, adts_max_frame_size - adts_header_size, out));
    out.clear();
    CHECK(append_adts_header(asc, adts_max_frame_size - adts_header_size + 1, out) ==
          errc::adts_frame_too_large);
    asc.object_type = object_types::usac;
    CHECK(append_adts_header(asc, 10, out) == errc::adts_unsupported_object_type);
    asc = {};
    asc.sampling_frequency_index = 15;
    asc.sampling_frequency = 37800;
    CHECK(append_adts_header(asc, 10, out) == errc::adts_unsupported_sampling_frequency);
    asc = {};
    asc.channel_configuration = 11;
    CHECK(append_adts_header(asc, 10, out) == errc::adts_unsupported_channel_configuration);
    adts_header h;
    h.frame_length = 3;
    CHECK(append_adts_header(h, out) == errc::inconsistent_config);
    CHECK(out.empty());
}

TEST_CASE("raw frame + ASC -> ADTS frame -> ASC + raw frame", "[aac][adts]") {
    auto raw = hex("21 1b 94 05 a0 1c");
    auto asc = parse_asc(hex("12 10 56 e5 00"));
    REQUIRE(asc.has_value());
    std::vector<std::byte> frame;
    REQUIRE_FALSE(append_adts_frame(*asc, raw, frame));
    CHECK(frame.size() == 7 + raw.size());

    auto f = parse_adts_frame(frame);
    REQUIRE(f.has_value());
    CHECK(to_hex(f->raw) == to_hex(raw));
    auto back = to_audio_specific_config(f->header);
    CHECK(back.object_type == 2);
    CHECK(back.sampling_frequency == 44100u);
    CHECK(back.channel_configuration == 2);
    std::vector<std::byte> asc_bytes;
    REQUIRE_FALSE(append_asc(back, asc_bytes));
    CHECK(to_hex(asc_bytes) == "1210");

    SECTION("a frame with CRC gives the bytes after the CRC") {
        adts_header h = f->header;
        h.has_crc = true;
        h.frame_length = static_cast<std::uint16_t>(9 + raw.size());
        h.crc = 0x1234;
        std::vector<std::byte> crc_frame;
        REQUIRE_FALSE(append_adts_header(h, crc_frame));
        crc_frame.insert(crc_frame.end(), raw.begin(), raw.end());
        auto g = parse_adts_frame(crc_frame);
        REQUIRE(g.has_value());
        CHECK(g->header.crc == 0x1234);
        CHECK(to_hex(g->raw) == to_hex(raw));
    }
    SECTION("a cut frame is truncated") {
        frame.pop_back();
        CHECK(parse_adts_frame(frame).error() == errc::truncated);
    }
    SECTION("several raw blocks are refused") {
        adts_header h = f->header;
        h.raw_data_blocks = 2;
        std::vector<std::byte> two;
        REQUIRE_FALSE(append_adts_header(h, two));
        two.insert(two.end(), raw.begin(), raw.end());
        CHECK(parse_adts_frame(two).error() == errc::adts_multiple_raw_blocks);
    }
}
