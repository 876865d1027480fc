// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtp/packet.hpp>

#include "hex.hpp"

using lal::test::hex;
namespace rtp = lal::rtp;

namespace {
lal::payload bytes(std::string_view h) { return lal::payload::copy_from(hex(h)); }
}  // namespace

TEST_CASE("An RTP packet's fixed header fields are read big-endian", "[rtp][packet]") {
    // V=2, M=1, PT=96, seq 0x1234, ts 0x01020304, SSRC 0xdeadbeef, payload 65 88.
    auto p = rtp::parse_packet(bytes("80 e0 12 34 01 02 03 04 de ad be ef 65 88"));
    REQUIRE(p);
    CHECK(p->header.marker);
    CHECK(p->header.payload_type == 96);
    CHECK(p->header.sequence == 0x1234);
    CHECK(p->header.timestamp == 0x01020304);
    CHECK(p->header.ssrc == 0xdeadbeef);
    CHECK(p->header.csrcs.empty());
    CHECK_FALSE(p->header.extension);
    CHECK(lal::test::to_hex(p->payload.bytes()) == "6588");
}

TEST_CASE("CSRCs and a header extension and padding are skipped to reach the payload", "[rtp][packet]") {
    // P=1 X=1 CC=2; ext profile 0xbede, 1 word; payload aa bb; 3 bytes padding.
    auto raw = bytes("b2 08 00 01 00 00 00 10 00 00 00 01  00 00 00 02 00 00 00 03"
                     " be de 00 01 11 22 33 44  aa bb  00 00 03");
    auto p = rtp::parse_packet(raw);
    REQUIRE(p);
    CHECK(p->header.csrcs == std::vector<std::uint32_t>{2, 3});
    REQUIRE(p->header.extension);
    CHECK(p->header.extension->profile == 0xbede);
    CHECK(lal::test::to_hex(p->header.extension->data.bytes()) == "11223344");
    CHECK(lal::test::to_hex(p->payload.bytes()) == "aabb");
    CHECK(p->padding == 3);
    CHECK(p->payload.shares_storage_with(raw));

    auto back = rtp::build_packet(p->header, p->payload.bytes(), p->padding);
    REQUIRE(back);
    CHECK(lal::test::to_hex(*back) == lal::test::to_hex(raw.bytes()));
}

TEST_CASE("Malformed RTP headers are reported precisely", "[rtp][packet]") {
    CHECK(rtp::parse_packet(bytes("80 60 00 01 00 00 00 10 00 00 00")).error() == rtp::errc::truncated);
    CHECK(rtp::parse_packet(bytes("40 60 00 01 00 00 00 10 00 00 00 01")).error() == rtp::errc::bad_version);
    // CC=3 but only one CSRC present.
    CHECK(rtp::parse_packet(bytes("83 60 00 01 00 00 00 10 00 00 00 01 00 00 00 09")).error() == rtp::errc::truncated);
    // Extension claims 2 words, 1 present.
    CHECK(rtp::parse_packet(bytes("90 60 00 01 00 00 00 10 00 00 00 01 be de 00 02 00 00 00 00")).error() ==
          rtp::errc::truncated);
    // Padding count 0, and padding longer than the body.
    CHECK(rtp::parse_packet(bytes("a0 60 00 01 00 00 00 10 00 00 00 01 aa 00")).error() == rtp::errc::bad_padding);
    CHECK(rtp::parse_packet(bytes("a0 60 00 01 00 00 00 10 00 00 00 01 aa 05")).error() == rtp::errc::bad_padding);
    // Padding of the whole body leaves an empty payload.
    auto only_padding = rtp::parse_packet(bytes("a0 60 00 01 00 00 00 10 00 00 00 01 00 02"));
    REQUIRE(only_padding);
    CHECK(only_padding->payload.empty());
}

TEST_CASE("The fixed header a sender writes parses back", "[rtp][packet]") {
    auto h = rtp::fixed_header(true, 97, 65535, 0xfffffff0, 42);
    CHECK(lal::test::to_hex(h) == "80e1fffffffffff00000002a");
    std::vector<std::byte> whole(h.begin(), h.end());
    whole.push_back(std::byte{1});
    auto p = rtp::parse_packet(lal::payload::adopt(std::move(whole)));
    REQUIRE(p);
    CHECK(p->header.sequence == 65535);
    CHECK(p->header.payload_type == 97);
}

TEST_CASE("The builder refuses 16 CSRCs and a ragged extension", "[rtp][packet]") {
    rtp::header h;
    h.csrcs.assign(16, 1);
    std::vector<std::byte> out;
    CHECK(rtp::append_header(h, 0, out) == rtp::errc::too_many_csrcs);
    CHECK(out.empty());
    h.csrcs.clear();
    h.extension = rtp::header_extension{1, lal::payload::copy_from(hex("01 02 03"))};
    CHECK(rtp::append_header(h, 0, out) == rtp::errc::bad_extension);
    CHECK(out.empty());
}

TEST_CASE("RTP and RTCP on one port are told apart by the packet type (RFC 5761 4)", "[rtp][packet]") {
    CHECK(rtp::looks_like_rtcp(200));
    CHECK(rtp::looks_like_rtcp(201));
    CHECK_FALSE(rtp::looks_like_rtcp(96));
    CHECK_FALSE(rtp::looks_like_rtcp(0xe0));  // marker set, PT 96
}
