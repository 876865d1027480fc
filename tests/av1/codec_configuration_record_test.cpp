// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/av1/codec_configuration_record.hpp>

#include "hex.hpp"
#include "vectors.hpp"

using namespace lal::av1;
using lal::test::hex;
using lal::test::to_hex;
namespace v = lal::test::av1_vectors;

TEST_CASE("an av1C made from the OBUs holds the sequence header and its fields", "[av1][av1c]") {
    auto rec = make_codec_configuration_record(hex(v::td_and_sequence_header));
    REQUIRE(rec.has_value());
    std::vector<std::byte> out;
    append_codec_configuration_record(*rec, out);
    // marker+version 1; profile 0 level 0; 4:2:0 (subsampling x and y); no delay; the OBU.
    CHECK(to_hex(out) == "81000c000a0b000000043cffbcdaf90040");
    CHECK(rec->codec_string() == "av01.0.00M.08");
    auto back = parse_codec_configuration_record(out);
    REQUIRE(back.has_value());
    CHECK(*back == *rec);
}

TEST_CASE("a last sequence header OBU without obu_size gets one in configOBUs", "[av1][av1c]") {
    // 0x08: sequence header without has_size_field, running to the end.
    auto rec = make_codec_configuration_record(hex("08000000043cffbcdaf90040"));
    REQUIRE(rec.has_value());
    CHECK(to_hex(rec->config_obus) == "0a0b000000043cffbcdaf90040");
}

TEST_CASE("the av1C parser checks marker, version and length", "[av1][av1c]") {
    CHECK(parse_codec_configuration_record(hex("8100 0c")).error() == errc::truncated);
    CHECK(parse_codec_configuration_record(hex("01000c00")).error() == errc::bad_marker);
    CHECK(parse_codec_configuration_record(hex("82000c00")).error() == errc::unsupported_version);
    auto rec = parse_codec_configuration_record(hex("81 49 cc 1a"));  // profile 2 level 9, High tier, 10-bit; delay 11
    REQUIRE(rec.has_value());
    CHECK(rec->profile == 2);
    CHECK(rec->level_idx == 9);
    CHECK(rec->tier);
    CHECK(rec->bit_depth() == 10);
    CHECK(rec->initial_presentation_delay == 11);
    CHECK(make_codec_configuration_record(hex("1200")).error() == errc::no_sequence_header);
}
