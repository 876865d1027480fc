// SPDX-License-Identifier: MIT
#include <array>

#include <catch2/catch.hpp>

#include <lal/mpegts/packet.hpp>
#include <lal/mpegts/pes.hpp>

#include "hex.hpp"

namespace ts = lal::mpegts;
using lal::test::to_hex;

TEST_CASE("a PES header with a PTS only when the DTS equals it", "[mpegts][pes]") {
    std::array<std::byte, ts::max_pes_header_size> buf{};
    ts::pes_header h;
    h.stream_id = ts::stream_ids::audio;
    h.packet_length = 0x1234;
    h.pts = 126000;  // 1.4 s
    h.dts = 126000;
    const auto n = ts::write_pes_header(h, buf.data());
    REQUIRE(n == 14);
    // 2.4.3.7: '0010' PTS[32..30] marker, then 15+1, 15+1 bits.
    CHECK(to_hex(lal::byte_span(buf).first(n)) == "000001c01234848005210007d861");
    auto back = ts::parse_pes_header(lal::byte_span(buf).first(n));
    REQUIRE(back);
    CHECK(back->pts == 126000u);
    CHECK(!back->dts);
    CHECK(back->header_size == 14);
    CHECK(back->packet_length == 0x1234);
}

TEST_CASE("a PES header with PTS and DTS when they differ, 33-bit values kept", "[mpegts][pes]") {
    std::array<std::byte, ts::max_pes_header_size> buf{};
    ts::pes_header h;
    h.pts = (std::uint64_t{1} << 33) - 1;
    h.dts = 90000;
    const auto n = ts::write_pes_header(h, buf.data());
    REQUIRE(n == 19);
    CHECK(to_hex(lal::byte_span(buf).first(9)) == "000001e0000084c00a");
    CHECK(to_hex(lal::byte_span(buf).subspan(9, 5)) == "3fffffffff");
    CHECK(to_hex(lal::byte_span(buf).subspan(14, 5)) == "110005bf21");
    auto back = ts::parse_pes_header(lal::byte_span(buf).first(n));
    REQUIRE(back);
    CHECK(back->pts == h.pts);
    CHECK(back->dts == h.dts);
}

TEST_CASE("bad PES headers are refused", "[mpegts][pes]") {
    std::array<std::byte, ts::max_pes_header_size> buf{};
    ts::pes_header h;
    h.pts = 1;
    const auto n = ts::write_pes_header(h, buf.data());
    CHECK(ts::parse_pes_header(lal::byte_span(buf).first(n - 1)).error() == ts::errc::bad_pes_header);
    auto no_marker = buf;
    no_marker[13] = std::byte{0};
    CHECK(ts::parse_pes_header(lal::byte_span(no_marker).first(n)).error() == ts::errc::bad_pes_header);
    auto bad_prefix = buf;
    bad_prefix[2] = std::byte{2};
    CHECK(ts::parse_pes_header(lal::byte_span(bad_prefix).first(n)).error() == ts::errc::bad_pes_header);
    auto padding = buf;
    padding[3] = std::byte{0xbe};  // padding_stream: no optional header
    CHECK(ts::parse_pes_header(lal::byte_span(padding).first(n)).error() == ts::errc::bad_pes_header);
}

TEST_CASE("µs convert to the 90 kHz clock and back", "[mpegts][pes]") {
    CHECK(ts::to_90khz(40000) == 3600);
    CHECK(ts::from_90khz(3600) == 40000);
    CHECK(ts::to_90khz(-1) == (std::uint64_t{1} << 33) - 1);  // wraps modulo 2^33
    CHECK(ts::to_90khz(23219) == 2089);
}
