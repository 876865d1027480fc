// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtp/feedback.hpp>
#include <lal/rtp/retransmission_history.hpp>

#include "hex.hpp"

using lal::test::hex;
namespace rtp = lal::rtp;

namespace {

rtp::feedback parse_one(const std::vector<std::byte>& raw) {
    auto packets = rtp::parse_rtcp(raw);
    REQUIRE(packets);
    REQUIRE(packets->size() == 1);
    auto f = rtp::parse_feedback(std::get<rtp::other_rtcp>((*packets)[0]));
    REQUIRE(f);
    return *f;
}

}  // namespace

TEST_CASE("A generic NACK expands PID and BLP into lost sequence numbers", "[rtp][feedback]") {
    // RTPFB FMT 1, sender 0x01020304, media 0x0a0b0c0d; PID 1234, BLP bits 0 and 2.
    auto raw = hex("81 cd 00 03 01 02 03 04 0a 0b 0c 0d 04 d2 00 05");
    auto n = std::get<rtp::generic_nack>(parse_one(raw));
    CHECK(n.sender_ssrc == 0x01020304);
    CHECK(n.media_ssrc == 0x0a0b0c0d);
    CHECK(n.lost == std::vector<std::uint16_t>{1234, 1235, 1237});

    std::vector<std::byte> out;
    REQUIRE_FALSE(rtp::append_feedback(n, out));
    CHECK(out == raw);
}

TEST_CASE("A NACK across the sequence wrap packs into as few entries as fit", "[rtp][feedback]") {
    rtp::generic_nack n{1, 2, {65534, 65535, 0, 3, 15, 40}};
    std::vector<std::byte> out;
    REQUIRE_FALSE(rtp::append_feedback(n, out));
    // 65534 takes 65535, 0 and 3 (bits 0, 1, 4); 15 is 17 after it, so a new entry; then 40.
    CHECK(lal::test::to_hex(out) == "81cd00050000000100000002fffe0013000f000000280000");
    auto back = std::get<rtp::generic_nack>(parse_one(out));
    CHECK(back.lost == std::vector<std::uint16_t>{65534, 65535, 0, 3, 15, 40});
}

TEST_CASE("PLI and FIR parse and build byte for byte", "[rtp][feedback]") {
    auto pli = hex("81 ce 00 02 00 00 00 01 00 00 00 02");
    CHECK(std::get<rtp::picture_loss>(parse_one(pli)) == rtp::picture_loss{1, 2});
    std::vector<std::byte> out;
    REQUIRE_FALSE(rtp::append_feedback(rtp::picture_loss{1, 2}, out));
    CHECK(out == pli);

    // RFC 5104 4.3.1: media SSRC 0, one entry for SSRC 0x11223344 with sequence 7.
    auto fir = hex("84 ce 00 04 00 00 00 01 00 00 00 00 11 22 33 44 07 00 00 00");
    auto f = std::get<rtp::full_intra_request>(parse_one(fir));
    CHECK(f.sender_ssrc == 1);
    CHECK(f.entries == std::vector<rtp::fir_entry>{{0x11223344, 7}});
    out.clear();
    REQUIRE_FALSE(rtp::append_feedback(f, out));
    CHECK(out == fir);
}

TEST_CASE("Feedback that lal does not read, or that is cut short, gets a precise error", "[rtp][feedback]") {
    // REMB (PSFB FMT 15) and TMMBR (RTPFB FMT 3).
    CHECK(rtp::parse_feedback({rtp::rtcp_type::psfb, 15, hex("00 00 00 01 00 00 00 00 52 45 4d 42")}).error() ==
          rtp::errc::unsupported_packet_type);
    CHECK(rtp::parse_feedback({rtp::rtcp_type::rtpfb, 3, hex("00 00 00 01 00 00 00 02 00 00 00 00 00 00 00 00")})
              .error() == rtp::errc::unsupported_packet_type);
    CHECK(rtp::parse_feedback({rtp::rtcp_type::sr, 0, hex("00 00 00 01 00 00 00 02")}).error() ==
          rtp::errc::unsupported_packet_type);
    // NACK with no FCI, FIR with no entry, and bodies cut inside the SSRCs.
    CHECK(rtp::parse_feedback({rtp::rtcp_type::rtpfb, 1, hex("00 00 00 01 00 00 00 02")}).error() == rtp::errc::truncated);
    CHECK(rtp::parse_feedback({rtp::rtcp_type::psfb, 4, hex("00 00 00 01 00 00 00 00")}).error() == rtp::errc::truncated);
    CHECK(rtp::parse_feedback({rtp::rtcp_type::psfb, 1, hex("00 00 00 01 00 00")}).error() == rtp::errc::truncated);

    std::vector<std::byte> out;
    CHECK(rtp::append_feedback(rtp::generic_nack{1, 2, {}}, out) == rtp::errc::bad_report_count);
    CHECK(rtp::append_feedback(rtp::full_intra_request{1, {}}, out) == rtp::errc::bad_report_count);
    CHECK(out.empty());
}

TEST_CASE("The retransmission history answers recent numbers and forgets replaced ones", "[rtp][history]") {
    rtp::retransmission_history h(20, 100);
    CHECK(h.capacity() == 32);
    for (std::uint32_t i = 0; i < 40; ++i) {
        const auto seq = static_cast<std::uint16_t>(65530 + i);  // crosses the wrap
        h.put(seq, lal::payload::copy_from(std::string(4, static_cast<char>(i))));
    }
    // The last 32 (65538.. as 16-bit numbers 2..) are kept; the first 8 were replaced.
    for (std::uint32_t i = 0; i < 40; ++i) {
        const auto seq = static_cast<std::uint16_t>(65530 + i);
        const auto* p = h.find(seq);
        if (i < 8) {
            CHECK(p == nullptr);
        } else {
            REQUIRE(p != nullptr);
            CHECK(std::to_integer<std::uint32_t>(p->bytes()[0]) == i);
        }
    }
    CHECK(h.find(500) == nullptr);
    // A packet over the size limit is not kept and clears its slot.
    h.put(static_cast<std::uint16_t>(65530 + 39), lal::payload::copy_from(std::string(101, 'x')));
    CHECK(h.find(static_cast<std::uint16_t>(65530 + 39)) == nullptr);
    h.clear();
    CHECK(h.find(static_cast<std::uint16_t>(65530 + 38)) == nullptr);
}
