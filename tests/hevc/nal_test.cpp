// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/hevc/nal.hpp>

#include "hex.hpp"

using namespace lal::hevc;
using lal::test::hex;

TEST_CASE("the NAL unit header gives type, layer and temporal id", "[hevc][nal]") {
    auto h = parse_nal_header(hex("4201"));  // SPS
    REQUIRE(h.has_value());
    CHECK(h->type == nal_type::sps);
    CHECK(h->layer_id == 0);
    CHECK(h->temporal_id_plus1 == 1);
    auto idr = parse_nal_header(hex("2601"));
    REQUIRE(idr.has_value());
    CHECK(idr->type == nal_type::idr_w_radl);
    CHECK(is_irap(idr->type));
    CHECK(is_vcl(idr->type));
    CHECK_FALSE(is_irap(nal_type::trail_r));
    CHECK(is_parameter_set(nal_type::vps));
    CHECK_FALSE(is_parameter_set(nal_type::aud));
}

TEST_CASE("a NAL unit header round-trips through append_nal_header", "[hevc][nal]") {
    const nal_header h{nal_type::prefix_sei, 5, 3};
    std::vector<std::byte> out;
    append_nal_header(h, out);
    REQUIRE(out.size() == 2);
    auto back = parse_nal_header(out);
    REQUIRE(back.has_value());
    CHECK(*back == h);
    CHECK(nal_type_of(out) == nal_type::prefix_sei);
}

TEST_CASE("bad NAL unit headers are refused with a precise error", "[hevc][nal]") {
    CHECK(parse_nal_header(hex("40")).error() == errc::empty_nal_unit);
    CHECK(parse_nal_header({}).error() == errc::empty_nal_unit);
    CHECK(parse_nal_header(hex("c001")).error() == errc::forbidden_bit_set);
    CHECK(parse_nal_header(hex("4200")).error() == errc::bad_temporal_id);
    CHECK(nal_type_of({}) == 0xff);
}

TEST_CASE("access units start at the first slice of a picture or a parameter set after one", "[hevc][nal]") {
    const auto idr_first = hex("2601 af");   // first_slice_segment_in_pic_flag 1
    const auto idr_second = hex("2601 2f");  // a later slice segment of the same picture
    const auto sps = hex("4201 01");
    const auto suffix_sei = hex("5001 01");
    CHECK_FALSE(starts_access_unit(idr_first, false));  // after a prefix SEI or at the start: same unit
    CHECK(starts_access_unit(idr_first, true));
    CHECK_FALSE(starts_access_unit(idr_second, true));
    CHECK_FALSE(starts_access_unit(sps, false));  // parameter sets before the first slice belong to it
    CHECK(starts_access_unit(sps, true));
    CHECK_FALSE(starts_access_unit(suffix_sei, true));
    CHECK_FALSE(starts_access_unit({}, true));
}
