// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtp/hevc_config.hpp>

#include "rtp_helpers.hpp"

using lal::test::hex;
using lal::test::to_hex;
namespace rtp = lal::rtp;
namespace media = lal::media;
using rtp::test::nal;
using rtp::test::video_frame;

namespace {
// Parameter sets of a libx265 320x180 Main stream.
const auto vps = hex("40010c01ffff01600000030090000003000003003c959809");
const auto sps = hex("42010101600000030090000003000003003ca00a080b9f796566924caf016808000003000800000300c840");
const auto pps = hex("4401c172b46240");

using rtp::test::make_packet;

media::track_config_ptr asc_config(std::string_view asc) {
    return std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, media::codec_id::aac, lal::payload::copy_from(hex(asc))});
}

media::media_frame audio(media::codec_id codec, std::vector<std::byte> data, media::micros pts,
                         media::track_config_ptr config = {}) {
    return rtp::test::make_frame(media::media_kind::audio, codec, std::move(data), pts, true, std::move(config));
}
}  // namespace

TEST_CASE("An hvcC record is made from the VPS SPS and PPS (ISO/IEC 14496-15 8.3.3.1)", "[rtp][h265]") {
    auto rec = rtp::make_hevc_config(vps, sps, pps);
    REQUIRE(rec);
    // version 1, Main profile (space 0, tier 0, idc 1), compat 0x60000000, level 60 (2.0).
    CHECK(to_hex(std::span(*rec).first(13)) == "01" "01" "60000000" "900000000000" "3c");
    CHECK(std::to_integer<int>((*rec)[16]) == 0xfd);  // chroma_format_idc 1
    CHECK(std::to_integer<int>((*rec)[21]) & 3);      // lengthSizeMinusOne 3
    auto sets = rtp::hevc_config_parameter_sets(*rec);
    REQUIRE(sets);
    REQUIRE(sets->size() == 3);
    CHECK(to_hex((*sets)[1]) == to_hex(sps));
    CHECK(rtp::make_hevc_config(vps, hex("4201"), pps).error() == rtp::errc::empty_payload);
    CHECK(rtp::make_hevc_config(vps, hex("420101"), pps).error() == rtp::errc::truncated);
}

TEST_CASE("H.265 frames go through AP and FU packets and back (RFC 7798)", "[rtp][h265]") {
    auto idr = nal(hex("2601"), 4000);
    auto f = video_frame(media::codec_id::h265, {vps, sps, pps, idr}, 80'000, true);
    auto p = rtp::packetize(f, 90000);
    REQUIRE(p);
    REQUIRE(p->packets.size() == 4);  // AP(VPS, SPS, PPS), then 3 FUs
    CHECK(to_hex(p->packets[0].pieces[0].bytes()) == "6001" "0018");  // AP type 48, TID 1, first size
    CHECK(to_hex(p->packets[1].pieces[0].bytes()) == "6201" "93");    // FU type 49, S, type 19
    CHECK(to_hex(p->packets[3].pieces[0].bytes()) == "6201" "53");    // FU, E, type 19

    auto d = rtp::make_depacketizer(media::codec_id::h265, 90000);
    rtp::sender s(5, 96, 1, 0);
    for (const auto& pk : rtp::test::wire_packets(s, *p)) REQUIRE_FALSE(d->push(pk));
    auto out = rtp::test::drain(*d);
    REQUIRE(out.size() == 1);
    CHECK(out[0].data == f.data);
    CHECK(out[0].keyframe);
    CHECK(out[0].pts == 0);
    REQUIRE(out[0].config);
    CHECK(to_hex(out[0].config->record.bytes()) == to_hex(*rtp::make_hevc_config(vps, sps, pps)));
}

TEST_CASE("H.265 waits for an IRAP picture and a configuration", "[rtp][h265]") {
    auto d = rtp::make_depacketizer(media::codec_id::h265, 90000);
    REQUIRE_FALSE(d->push(make_packet(1, 0, true, hex("0201 aa bb"))));  // TRAIL_R before anything
    REQUIRE_FALSE(d->push(make_packet(2, 10, true, hex("2601 aa bb"))));  // IDR but no parameter sets yet
    CHECK(rtp::test::drain(*d).empty());
    CHECK(d->stats().skipped_frames == 2);
    CHECK(d->push(make_packet(3, 20, true, hex("6401 00 00"))) == rtp::errc::unsupported_packet_type);  // PACI
}

TEST_CASE("AAC frames carry one AU header each (RFC 3640 3.3.6 AAC-hbr)", "[rtp][aac]") {
    auto config = asc_config("1210");  // AAC-LC 44.1 kHz stereo
    auto f = audio(media::codec_id::aac, hex("21 1b 80 00"), 1'000'000, config);
    CHECK(rtp::default_clock_rate(f) == 44100);
    auto p = rtp::packetize(f, 44100);
    REQUIRE(p);
    REQUIRE(p->packets.size() == 1);
    CHECK(p->packets[0].timestamp == 44100);
    CHECK(p->packets[0].marker);
    CHECK(to_hex(p->packets[0].pieces[0].bytes()) == "00100020");  // 16 header bits; size 4, index 0

    // Two AUs in one packet: the second is one frame (1024 samples) later.
    auto d = rtp::make_depacketizer(media::codec_id::aac, 44100, config);
    REQUIRE_FALSE(d->push(make_packet(9, 1000, true, hex("0020 0018 0010 aa bb cc 11 22"))));
    auto out = rtp::test::drain(*d);
    REQUIRE(out.size() == 2);
    CHECK(to_hex(out[0].data.bytes()) == "aabbcc");
    CHECK(to_hex(out[1].data.bytes()) == "1122");
    CHECK(out[1].pts == 1024 * 1'000'000 / 44100);
    CHECK(out[0].config == config);
    CHECK(d->push(make_packet(10, 3048, true, hex("0030 0018"))) == rtp::errc::bad_au_header);
}

TEST_CASE("A large AAC frame is fragmented and reassembled; a lost fragment drops it", "[rtp][aac]") {
    std::vector<std::byte> big(3000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::byte>(i);
    auto f = audio(media::codec_id::aac, big, 0, asc_config("1190"));
    auto p = rtp::packetize(f, 48000, {1000, true, true});
    REQUIRE(p);
    REQUIRE(p->packets.size() == 4);
    CHECK_FALSE(p->packets[0].marker);
    CHECK(p->packets[3].marker);
    rtp::sender s(1, 97, 0, 0);
    auto wire = rtp::test::wire_packets(s, *p);
    auto small = rtp::test::wire_packets(s, *rtp::packetize(audio(media::codec_id::aac, hex("0102"), 21'333), 48000));

    auto whole = rtp::make_depacketizer(media::codec_id::aac, 48000);
    for (const auto& pk : wire) REQUIRE_FALSE(whole->push(pk));
    auto out = rtp::test::drain(*whole);
    REQUIRE(out.size() == 1);
    CHECK(out[0].data == f.data);

    auto lossy = rtp::make_depacketizer(media::codec_id::aac, 48000);
    for (std::size_t i = 0; i < wire.size(); ++i)
        if (i != 1) lossy->push(wire[i]);
    lossy->push(small[0]);
    out = rtp::test::drain(*lossy);
    REQUIRE(out.size() == 1);  // only the small frame after the broken one
    CHECK(to_hex(out[0].data.bytes()) == "0102");
    CHECK(lossy->stats().broken_frames >= 1);
}

TEST_CASE("Opus and G.711 packets are whole frames", "[rtp][audio]") {
    auto opus = audio(media::codec_id::opus, hex("fc ff fe"), 20'000);
    CHECK(rtp::default_clock_rate(opus) == 48000);
    auto p = rtp::packetize(opus, 48000);
    REQUIRE(p);
    REQUIRE(p->packets.size() == 1);
    CHECK(p->packets[0].timestamp == 960);
    CHECK(p->packets[0].pieces[0].shares_storage_with(opus.data));

    auto pcma = audio(media::codec_id::g711a, std::vector<std::byte>(400, std::byte{0xd5}), 0);
    auto g = rtp::packetize(pcma, 8000, {160, true, true});
    REQUIRE(g);
    REQUIRE(g->packets.size() == 3);
    CHECK(g->packets[1].timestamp == 160);
    CHECK(g->packets[2].size() == 80);

    auto d = rtp::make_depacketizer(media::codec_id::g711a, 8000);
    rtp::sender s(1, 8, 0, 0);
    for (const auto& pk : rtp::test::wire_packets(s, *g)) REQUIRE_FALSE(d->push(pk));
    auto out = rtp::test::drain(*d);
    REQUIRE(out.size() == 3);
    CHECK(out[1].pts == 20'000);
    CHECK(out[2].data.size() == 80);
    CHECK(d->push(make_packet(9, 0, false, {})) == rtp::errc::empty_payload);
    CHECK_FALSE(rtp::make_depacketizer(media::codec_id::mp3, 90000));
    CHECK(rtp::packetize(audio(media::codec_id::mp3, hex("ff"), 0), 90000).error() == rtp::errc::unsupported_codec);
}
