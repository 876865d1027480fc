// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/av1/obu.hpp>
#include <lal/av1/sequence_header.hpp>
#include <lal/base/bit_reader.hpp>

#include "hex.hpp"
#include "vectors.hpp"

using namespace lal::av1;
using lal::test::hex;
namespace v = lal::test::av1_vectors;

TEST_CASE("a libaom sequence header gives profile, level, size and bit depth", "[av1][sequence_header]") {
    auto s = find_sequence_header(hex(v::td_and_sequence_header));
    REQUIRE(s.has_value());
    CHECK(s->profile == 0);
    CHECK(s->level_idx == 0);
    CHECK_FALSE(s->tier);
    CHECK(s->max_width == 320);
    CHECK(s->max_height == 240);
    CHECK(s->bit_depth == 8);
    CHECK_FALSE(s->monochrome);
    CHECK(s->subsampling_x);
    CHECK(s->subsampling_y);
    CHECK_FALSE(s->reduced_still_picture_header);
}

TEST_CASE("a 10-bit sequence header says so", "[av1][sequence_header]") {
    auto s = find_sequence_header(hex(v::td_and_sequence_header_10bit));
    REQUIRE(s.has_value());
    CHECK(s->bit_depth == 10);
    CHECK(s->high_bitdepth);
    CHECK(s->max_width == 320);
}

TEST_CASE("a reduced still picture header is read to its color config", "[av1][sequence_header]") {
    // profile 0, still_picture 1, reduced 1, seq_level_idx 5 (3.1), 16x16
    // (4-bit sizes 15), then 3 tool flags, superres/cdef/restoration, 8-bit,
    // not mono, no color description, limited range, chroma position 0,
    // separate_uv_delta_q 0, film grain 0.
    std::vector<std::byte> payload;
    lal::bit_writer w(payload);
    w.bits(0, 3);
    w.bits(1, 1);
    w.bits(1, 1);
    w.bits(5, 5);
    w.bits(3, 4);
    w.bits(3, 4);
    w.bits(15, 4);
    w.bits(15, 4);
    w.bits(0, 3 + 3);
    w.bits(0, 1 + 1 + 1 + 1 + 2 + 1 + 1);
    w.finish();
    auto s = parse_sequence_header(payload);
    REQUIRE(s.has_value());
    CHECK(s->still_picture);
    CHECK(s->level_idx == 5);
    CHECK(s->max_width == 16);
    CHECK(s->max_height == 16);
    CHECK(s->bit_depth == 8);
}

TEST_CASE("sequence headers cut short or of a bad profile are refused", "[av1][sequence_header]") {
    const auto bytes = hex(v::td_and_sequence_header);
    auto obus = split_obus(bytes);
    REQUIRE(obus.has_value());
    const auto payload = (*obus)[1].payload;
    // Cuts fail with truncated until every field read is whole, then parse.
    bool parsed = false;
    for (std::size_t n = 0; n <= payload.size(); ++n) {
        auto s = parse_sequence_header(payload.first(n));
        INFO("cut at " << n);
        if (parsed) CHECK(s.has_value());
        if (!s) CHECK(s.error() == errc::truncated);
        parsed = s.has_value();
    }
    CHECK(parsed);
    CHECK_FALSE(parse_sequence_header(payload.first(payload.size() - 2)).has_value());
    CHECK(parse_sequence_header(hex("e0")).error() == errc::bad_profile);
    CHECK(find_sequence_header(hex("1200")).error() == errc::no_sequence_header);
}
