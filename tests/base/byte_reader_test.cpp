// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/base/bit_reader.hpp>
#include <lal/base/byte_reader.hpp>

#include "hex.hpp"

using lal::test::hex;

TEST_CASE("byte_reader reads big- and little-endian integers and stops at the end", "[base][bytes]") {
    auto data = hex("01 02 03 04 05 06 07");
    lal::byte_reader r(data);
    CHECK(r.u8() == 0x01);
    CHECK(r.u16() == 0x0203);
    CHECK(r.read_le(2) == 0x0504);
    CHECK_FALSE(r.u32().has_value());  // only 2 bytes left
    CHECK(r.remaining() == 2);         // a failed read does not move
    CHECK(r.u16() == 0x0607);
    CHECK(r.empty());
    CHECK_FALSE(r.u8().has_value());
    CHECK_FALSE(r.skip(1));
}

TEST_CASE("byte_writer appends big-endian fields", "[base][bytes]") {
    std::vector<std::byte> out;
    lal::byte_writer w(out);
    w.u8(1);
    w.u24(0x020304);
    w.le(0x0605, 2);
    CHECK(out == hex("01 02 03 04 05 06"));
}

TEST_CASE("bit_reader decodes Exp-Golomb codes and reports overrun", "[base][bits]") {
    // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3; se: 010 -> +1, 011 -> -1
    auto data = hex("A6 42 B0");  // 1 010 011 00100 00101 011 0000
    lal::bit_reader r(data);
    CHECK(r.ue() == 0u);
    CHECK(r.ue() == 1u);
    CHECK(r.ue() == 2u);
    CHECK(r.ue() == 3u);
    CHECK(r.se() == -2);  // 00101 -> k=4 -> -2
    CHECK(r.se() == -1);  // 011 -> k=2 -> -1
    CHECK_FALSE(r.overrun());
    CHECK_FALSE(r.ue().has_value());  // 000 then end of data
    CHECK(r.overrun());
}

TEST_CASE("bit_writer packs bits MSB first and pads the last byte", "[base][bits]") {
    std::vector<std::byte> out;
    lal::bit_writer w(out);
    w.bits(0b101, 3);
    w.bits(0x3f, 6);
    w.finish();
    CHECK(out == hex("BF 80"));
}
