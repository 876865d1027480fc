// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/mpegts/packet.hpp>
#include <lal/mpegts/psi.hpp>

#include "hex.hpp"

namespace ts = lal::mpegts;
using lal::test::hex;
using lal::test::to_hex;

TEST_CASE("CRC_32 of PSI is the MPEG-2 CRC and a whole section checks to 0", "[mpegts][psi]") {
    // The check value of CRC-32/MPEG-2 over "123456789".
    CHECK(ts::crc32(lal::as_byte_span("123456789")) == 0x0376e6e7u);
    CHECK(ts::crc32({}) == 0xffffffffu);
    std::vector<std::byte> section;
    ts::append_pat_section({}, section);
    CHECK(ts::crc32(section) == 0);
}

TEST_CASE("the PAT section has ffmpeg's bytes for program 1 on PMT PID 0x1000", "[mpegts][psi]") {
    std::vector<std::byte> section;
    ts::append_pat_section({}, section);
    CHECK(to_hex(section) == "00b00d0001c100000001f0002ab104b2");
    auto back = ts::parse_pat_section(section);
    REQUIRE(back);
    CHECK(*back == ts::pat{});
    CHECK(ts::section_size(section) == section.size());
}

TEST_CASE("a PMT section carries PCR PID, stream types, PIDs and descriptors and parses back", "[mpegts][psi]") {
    ts::pmt p;
    p.version = 3;
    p.pcr_pid = 0x100;
    p.streams.push_back({ts::stream_types::h264, 0x100, {}});
    p.streams.push_back({ts::stream_types::private_pes, 0x101, hex("05 04 4f 70 75 73 7f 02 80 02")});
    std::vector<std::byte> section;
    ts::append_pmt_section(p, section);
    // table_id 2, section_length 33 (5 + 4 + 5 + 15 + CRC), program 1, version 3 current, PCR PID 0x100, no program info.
    CHECK(to_hex(lal::byte_span(section).first(12)) == "02b0210001c70000e100f000");
    CHECK(to_hex(lal::byte_span(section).subspan(12, 5)) == "1be100f000");
    auto back = ts::parse_pmt_section(section);
    REQUIRE(back);
    CHECK(*back == p);
}

TEST_CASE("sections with a bad CRC, table id or length are refused with precise errors", "[mpegts][psi]") {
    std::vector<std::byte> section;
    ts::append_pat_section({}, section);
    auto bad_crc = section;
    bad_crc.back() ^= std::byte{1};
    CHECK(ts::parse_pat_section(bad_crc).error() == ts::errc::crc_mismatch);
    CHECK(ts::parse_pmt_section(section).error() == ts::errc::bad_section);  // table_id 0 is a PAT
    CHECK(ts::parse_pat_section(lal::byte_span(section).first(10)).error() == ts::errc::bad_section);
    CHECK(ts::parse_pat_section({}).error() == ts::errc::bad_section);
    // A PMT whose ES_info_length runs past the section.
    ts::pmt p;
    p.streams.push_back({ts::stream_types::adts_aac, 0x101, hex("0a04656e6700")});
    std::vector<std::byte> pmt;
    ts::append_pmt_section(p, pmt);
    pmt[12 + 4] = std::byte{0x40};  // ES_info_length 64
    const auto crc = ts::crc32(lal::byte_span(pmt).first(pmt.size() - 4));
    lal::store_be(pmt.data() + pmt.size() - 4, crc, 4);
    CHECK(ts::parse_pmt_section(pmt).error() == ts::errc::bad_section);
}
