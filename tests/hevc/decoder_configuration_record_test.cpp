// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>

#include "hex.hpp"
#include "vectors.hpp"

using namespace lal::hevc;
using lal::test::hex;
using lal::test::to_hex;
namespace v = lal::test::hevc_vectors;

namespace {

// The record of the 322x242 x265 stream's parameter sets.
decoder_configuration_record made() {
    auto rec = make_decoder_configuration_record(hex(v::vps_main), hex(v::sps_main), hex(v::pps_main));
    REQUIRE(rec.has_value());
    return *rec;
}

}  // namespace

TEST_CASE("a record made from VPS, SPS and PPS carries the SPS's profile and format", "[hevc][hvcc]") {
    const auto rec = made();
    CHECK(rec.ptl.profile_idc == 1);
    CHECK(rec.ptl.level_idc == 60);
    CHECK(rec.chroma_format == 1);
    CHECK(rec.bit_depth_luma == 8);
    CHECK(rec.num_temporal_layers == 1);
    CHECK(rec.temporal_id_nested);
    CHECK(rec.length_size == 4);
    REQUIRE(rec.arrays.size() == 3);
    CHECK(rec.units_of(nal_type::sps).size() == 1);
    CHECK(to_hex(rec.units_of(nal_type::pps).at(0)) == v::pps_main);
    CHECK(rec.codec_string() == "hvc1.1.6.L60.90");
}

TEST_CASE("a built record has the 8.3.3.1 layout and parses back equal", "[hevc][hvcc]") {
    const auto rec = made();
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_decoder_configuration_record(rec, out));
    // version, profile, compatibility flags, constraint flags, level, then
    // reserved '1111' + min_spatial_segmentation 0, parallelism 0, chroma,
    // depths, avgFrameRate 0, temporal layers 1 nested, length size 4, 3
    // arrays: the header ffmpeg 5.1 writes into MP4 for this stream.
    CHECK(to_hex(std::span(out).first(23)) == "0101600000009000000000003cf000fcfdf8f800000f03");
    auto back = parse_decoder_configuration_record(out);
    REQUIRE(back.has_value());
    CHECK(*back == rec);
    std::vector<std::byte> again;
    REQUIRE_FALSE(append_decoder_configuration_record(*back, again));
    CHECK(again == out);
}

TEST_CASE("the parser checks version, length size and every length", "[hevc][hvcc]") {
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_decoder_configuration_record(made(), out));
    for (std::size_t n = 0; n < out.size(); ++n) {
        INFO("cut at " << n);
        CHECK(parse_decoder_configuration_record(std::span(out).first(n)).error() == errc::truncated);
    }
    auto bad = out;
    bad[0] = std::byte{2};
    CHECK(parse_decoder_configuration_record(bad).error() == errc::unsupported_configuration_version);
    bad = out;
    bad[21] = (bad[21] & std::byte{0xfc}) | std::byte{2};
    CHECK(parse_decoder_configuration_record(bad).error() == errc::bad_length_size);
    // An array that claims 65535 units in a short record is refused before any allocation.
    auto huge = hex("0101600000009000000000003cf000fcfdf8f800000f01a0ffff0001");
    CHECK(parse_decoder_configuration_record(huge).error() == errc::truncated);
}

TEST_CASE("the builder refuses what its fields cannot hold", "[hevc][hvcc]") {
    auto rec = made();
    std::vector<std::byte> out;
    rec.length_size = 3;
    CHECK(append_decoder_configuration_record(rec, out) == errc::bad_length_size);
    rec.length_size = 4;
    rec.bit_depth_luma = 16;
    CHECK(append_decoder_configuration_record(rec, out) == errc::bad_bit_depth);
    rec.bit_depth_luma = 8;
    rec.arrays[0].units[0].resize(70000);
    CHECK(append_decoder_configuration_record(rec, out) == errc::nal_unit_too_large);
    CHECK(out.empty());
}

TEST_CASE("making a record reports which parameter set is bad", "[hevc][hvcc]") {
    CHECK(make_decoder_configuration_record(hex(v::sps_main), hex(v::sps_main), hex(v::pps_main)).error() ==
          errc::wrong_nal_type);
    CHECK(make_decoder_configuration_record(hex(v::vps_main), hex("4201"), hex(v::pps_main)).error() ==
          errc::truncated);
}
