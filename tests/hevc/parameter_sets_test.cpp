// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/hevc/parameter_sets.hpp>

#include "hex.hpp"
#include "vectors.hpp"

using namespace lal::hevc;
using lal::test::hex;
namespace v = lal::test::hevc_vectors;

TEST_CASE("an x265 SPS gives the picture size after the conformance window", "[hevc][sps]") {
    auto sps = parse_sps(hex(v::sps_main));
    REQUIRE(sps.has_value());
    CHECK(sps->pic_width == 328);
    CHECK(sps->pic_height == 248);
    CHECK(sps->width() == 322);
    CHECK(sps->height() == 242);
    CHECK(sps->chroma_format_idc == 1);
    CHECK(sps->bit_depth_luma == 8);
    CHECK(sps->bit_depth_chroma == 8);
    CHECK(sps->ptl.profile_idc == 1);
    CHECK_FALSE(sps->ptl.tier);
    CHECK(sps->ptl.level_idc == 60);
    CHECK(sps->max_sub_layers_minus1 == 0);
    CHECK(sps->temporal_id_nesting);
    CHECK(codec_string(sps->ptl) == "hvc1.1.6.L60.90");
}

TEST_CASE("a Main 10 SPS reports 10-bit samples and its profile", "[hevc][sps]") {
    auto sps = parse_sps(hex(v::sps_main10));
    REQUIRE(sps.has_value());
    CHECK(sps->width() == 640);
    CHECK(sps->height() == 360);
    CHECK(sps->bit_depth_luma == 10);
    CHECK(sps->bit_depth_chroma == 10);
    CHECK(sps->ptl.profile_idc == 2);
    CHECK(sps->ptl.level_idc == 63);
    CHECK(codec_string(sps->ptl) == "hvc1.2.4.L63.90");
}

TEST_CASE("the VPS gives its id, sub-layers and general profile", "[hevc][vps]") {
    auto vps = parse_vps(hex(v::vps_main));
    REQUIRE(vps.has_value());
    CHECK(vps->id == 0);
    CHECK(vps->max_sub_layers_minus1 == 0);
    CHECK(vps->ptl.profile_idc == 1);
    CHECK(vps->ptl.level_idc == 60);
    auto sps = parse_sps(hex(v::sps_main));
    REQUIRE(sps.has_value());
    CHECK(vps->ptl == sps->ptl);
}

TEST_CASE("the PPS gives its ids and parallel tools", "[hevc][pps]") {
    auto pps = parse_pps(hex(v::pps_main));
    REQUIRE(pps.has_value());
    CHECK(pps->id == 0);
    CHECK(pps->sps_id == 0);
    CHECK_FALSE(pps->tiles_enabled);
    CHECK(pps->entropy_coding_sync_enabled);  // x265 turns wavefront parallel processing on by default
}

TEST_CASE("parameter sets cut short fail with truncated until the fields read are whole", "[hevc][sps]") {
    // Each parser reads a prefix of its NAL unit: below some length every cut
    // is truncated, from it on every cut parses.
    const auto check_cuts = [](const char* text, auto parse) {
        const auto full = hex(text);
        bool parsed = false;
        for (std::size_t n = 2; n <= full.size(); ++n) {
            auto r = parse(std::span(full).first(n));
            INFO(text << " cut at " << n);
            if (parsed) CHECK(r.has_value());
            if (!r) CHECK(r.error() == errc::truncated);
            parsed = r.has_value();
        }
        CHECK(parsed);
    };
    check_cuts(v::vps_main, [](lal::byte_span b) { return parse_vps(b); });
    check_cuts(v::sps_main, [](lal::byte_span b) { return parse_sps(b); });
    check_cuts(v::sps_main10, [](lal::byte_span b) { return parse_sps(b); });
    check_cuts(v::pps_main, [](lal::byte_span b) { return parse_pps(b); });
}

TEST_CASE("the parsers refuse the wrong NAL unit type and out-of-range fields", "[hevc][sps]") {
    CHECK(parse_sps(hex(v::pps_main)).error() == errc::wrong_nal_type);
    CHECK(parse_vps(hex(v::sps_main)).error() == errc::wrong_nal_type);
    CHECK(parse_pps(hex(v::vps_main)).error() == errc::wrong_nal_type);
    // sps_max_sub_layers_minus1 = 7.
    CHECK(parse_sps(hex("42010f")).error() == errc::bad_sub_layers);
    // A PPS whose pps_pic_parameter_set_id is 64 (ue 0000001 000001).
    CHECK(parse_pps(hex("4401020880")).error() == errc::bad_parameter_set_id);
}
