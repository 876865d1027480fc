// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/av1/obu.hpp>

#include "hex.hpp"
#include "vectors.hpp"

using namespace lal::av1;
using lal::test::hex;
using lal::test::to_hex;

TEST_CASE("leb128 values round-trip with the fewest bytes", "[av1][obu]") {
    for (std::uint32_t v : {0u, 1u, 127u, 128u, 16383u, 16384u, 0xffffffffu}) {
        std::vector<std::byte> out;
        append_leb128(v, out);
        auto back = read_leb128(out);
        REQUIRE(back.has_value());
        CHECK(back->first == v);
        CHECK(back->second == out.size());
    }
    CHECK(read_leb128(hex("80")).error() == errc::truncated);
    CHECK(read_leb128(hex("8080808080808080 00")).error() == errc::bad_leb128);
    CHECK(read_leb128(hex("ffffffff7f")).error() == errc::bad_leb128);  // above 2^32 - 1
}

TEST_CASE("OBUs split at their sizes, the last may run to the end", "[av1][obu]") {
    auto in = hex(lal::test::av1_vectors::td_and_sequence_header);
    auto obus = split_obus(in);
    REQUIRE(obus.has_value());
    REQUIRE(obus->size() == 2);
    CHECK((*obus)[0].type == obu_type::temporal_delimiter);
    CHECK((*obus)[0].payload.empty());
    CHECK((*obus)[1].type == obu_type::sequence_header);
    CHECK((*obus)[1].payload.size() == 11);
    CHECK(to_hex((*obus)[1].whole) == "0a0b000000043cffbcdaf90040");
    // An OBU without obu_size (type 6, extension with temporal id 2) takes the rest.
    const auto bytes = hex("3440aabb");
    auto last = split_obus(bytes);
    REQUIRE(last.has_value());
    REQUIRE(last->size() == 1);
    CHECK((*last)[0].type == obu_type::frame);
    CHECK((*last)[0].temporal_id == 2);
    CHECK(to_hex((*last)[0].payload) == "aabb");
}

TEST_CASE("bad OBU sequences are refused with a precise error", "[av1][obu]") {
    CHECK(split_obus(hex("8a00")).error() == errc::forbidden_bit_set);
    CHECK(split_obus(hex("0a05 0000")).error() == errc::truncated);  // size past the end
    CHECK(split_obus(hex("0e")).error() == errc::truncated);         // extension byte missing
    auto in = hex(lal::test::av1_vectors::td_and_sequence_header);
    for (std::size_t n = 3; n < in.size(); ++n) {
        INFO("cut at " << n);
        CHECK(split_obus(std::span(in).first(n)).error() == errc::truncated);
    }
}
