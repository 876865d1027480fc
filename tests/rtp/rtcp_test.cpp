// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtp/rtcp.hpp>

#include "hex.hpp"

using lal::test::hex;
namespace rtp = lal::rtp;

TEST_CASE("A compound SR + SDES from a camera parses field by field", "[rtp][rtcp]") {
    // SR: SSRC 0x11223344, NTP 0xe7a1b2c3.80000000, RTP 90000, 10 packets, 1000 octets, no blocks;
    // SDES: one chunk, CNAME "cam", null item and padding.
    auto raw = hex("80 c8 00 06 11 22 33 44 e7 a1 b2 c3 80 00 00 00 00 01 5f 90 00 00 00 0a 00 00 03 e8"
                   "81 ca 00 03 11 22 33 44 01 03 63 61 6d 00 00 00");
    auto r = rtp::parse_rtcp(raw);
    REQUIRE(r);
    REQUIRE(r->size() == 2);
    const auto& sr = std::get<rtp::sender_report>((*r)[0]);
    CHECK(sr.ssrc == 0x11223344);
    CHECK(sr.ntp_time == 0xe7a1b2c380000000ull);
    CHECK(sr.rtp_time == 90000);
    CHECK(sr.packet_count == 10);
    CHECK(sr.octet_count == 1000);
    const auto& sd = std::get<rtp::source_description>((*r)[1]);
    REQUIRE(sd.chunks.size() == 1);
    CHECK(sd.chunks[0].items == std::vector<rtp::sdes_item>{{1, "cam"}});

    std::vector<std::byte> out;
    for (const auto& p : *r) REQUIRE_FALSE(rtp::append_rtcp(p, out));
    CHECK(lal::test::to_hex(out) == lal::test::to_hex(raw));
}

TEST_CASE("RR report blocks keep a negative cumulative loss", "[rtp][rtcp]") {
    rtp::receiver_report rr;
    rr.ssrc = 7;
    rr.reports.push_back({0x11223344, 25, -3, 0x0001ffff, 12, 0xb2c38000, 65536});
    rr.reports.push_back({0x55667788, 0, 70000, 5, 0, 0, 0});
    std::vector<std::byte> out;
    REQUIRE_FALSE(rtp::append_rtcp(rr, out));
    CHECK(out.size() == 8 + 2 * 24);
    CHECK(lal::test::to_hex(std::span(out).subspan(12, 4)) == "19fffffd");
    auto back = rtp::parse_rtcp(out);
    REQUIRE(back);
    CHECK(std::get<rtp::receiver_report>((*back)[0]) == rr);
}

TEST_CASE("BYE with a reason and unknown packet types round-trip", "[rtp][rtcp]") {
    rtp::goodbye bye{{1, 2}, "teardown"};
    rtp::other_rtcp app{rtp::rtcp_type::app, 3, hex("00 00 00 01 6e 61 6d 65")};
    std::vector<std::byte> out;
    REQUIRE_FALSE(rtp::append_rtcp(bye, out));
    REQUIRE_FALSE(rtp::append_rtcp(app, out));
    auto back = rtp::parse_rtcp(out);
    REQUIRE(back);
    REQUIRE(back->size() == 2);
    CHECK(std::get<rtp::goodbye>((*back)[0]) == bye);
    CHECK(std::get<rtp::other_rtcp>((*back)[1]) == app);
}

TEST_CASE("Bad RTCP lengths and counts and padding are reported", "[rtp][rtcp]") {
    // Length says 6 words, only 1 follows.
    CHECK(rtp::parse_rtcp(hex("80 c8 00 06 11 22 33 44")).error() == rtp::errc::bad_rtcp_length);
    // RR with RC=1 but no report block.
    CHECK(rtp::parse_rtcp(hex("81 c9 00 01 00 00 00 01")).error() == rtp::errc::bad_report_count);
    // Version 1.
    CHECK(rtp::parse_rtcp(hex("40 c9 00 01 00 00 00 01")).error() == rtp::errc::bad_version);
    // Padding on the first of two packets.
    CHECK(rtp::parse_rtcp(hex("a0 c9 00 01 00 00 00 04 80 cb 00 00")).error() == rtp::errc::bad_rtcp_padding);
    // Padding on the last packet is removed; a zero count is not.
    auto padded = rtp::parse_rtcp(hex("a1 cb 00 02 00 00 00 09 00 00 00 04"));
    REQUIRE(padded);
    CHECK(std::get<rtp::goodbye>((*padded)[0]).ssrcs == std::vector<std::uint32_t>{9});
    CHECK(rtp::parse_rtcp(hex("a1 cb 00 02 00 00 00 09 00 00 00 00")).error() == rtp::errc::bad_padding);
    CHECK(rtp::parse_rtcp({}).error() == rtp::errc::truncated);
    // SDES item running past its packet.
    CHECK(rtp::parse_rtcp(hex("81 ca 00 02 00 00 00 01 01 09 61 62")).error() == rtp::errc::truncated);
}

TEST_CASE("The RTCP builder refuses what the fields cannot hold", "[rtp][rtcp]") {
    std::vector<std::byte> out;
    rtp::goodbye bye;
    bye.ssrcs.assign(32, 1);
    CHECK(rtp::append_rtcp(bye, out) == rtp::errc::bad_report_count);
    rtp::source_description sd{{{1, {{1, std::string(256, 'x')}}}}};
    CHECK(rtp::append_rtcp(sd, out) == rtp::errc::text_too_long);
    CHECK(out.empty());
}
