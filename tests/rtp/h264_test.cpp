// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/avc/decoder_configuration_record.hpp>

#include "rtp_helpers.hpp"

using lal::test::hex;
using lal::test::to_hex;
namespace rtp = lal::rtp;
namespace media = lal::media;
using rtp::test::nal;
using rtp::test::video_frame;

namespace {
// Main-profile SPS and PPS of the test media (640x360).
const auto sps = hex("674d401eda0280bfe5c044000003000400000300ca3c58ba80");
const auto pps = hex("68ee3c80");

media::track_config_ptr avc_config() {
    auto rec = lal::avc::make_decoder_configuration_record(sps, pps);
    std::vector<std::byte> out;
    REQUIRE_FALSE(lal::avc::append_decoder_configuration_record(*rec, out));
    return std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::video, media::codec_id::h264, lal::payload::adopt(std::move(out))});
}

rtp::packetized_frame cut(const media::media_frame& f, rtp::packetizer_options o = {}) {
    auto p = rtp::packetize(f, 90000, o);
    REQUIRE(p);
    return *p;
}
}  // namespace

TEST_CASE("Small NAL units share one STAP-A packet (RFC 6184 5.7.1)", "[rtp][h264]") {
    auto f = video_frame(media::codec_id::h264, {sps, pps, hex("65 88 84 00")}, 40'000, true);
    auto p = cut(f);
    REQUIRE(p.packets.size() == 1);
    CHECK(p.packets[0].marker);
    CHECK(p.packets[0].timestamp == 3600);
    // STAP-A header: F 0, NRI 3 (highest), type 24; then size + unit for each.
    auto bytes = lal::media::wire_form{};
    for (const auto& piece : p.packets[0].pieces) bytes.add(piece);
    CHECK(to_hex(bytes.flatten()) == "78" "0019" + to_hex(sps) + "0004" + to_hex(pps) + "0004" + "65888400");
    // The units are slices of the frame, not copies.
    CHECK(p.packets[0].pieces[1].shares_storage_with(f.data));
}

TEST_CASE("A NAL unit over the limit becomes FU-A fragments (RFC 6184 5.8)", "[rtp][h264]") {
    auto idr = nal(hex("65"), 3000);
    auto f = video_frame(media::codec_id::h264, {idr}, 0, true);
    auto p = cut(f, {1400, true, false});
    REQUIRE(p.packets.size() == 3);
    std::vector<std::byte> body;
    const char* fu_headers[] = {"7c85", "7c05", "7c45"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& pk = p.packets[i];
        CHECK(pk.marker == (i == 2));
        CHECK(pk.size() <= 1400);
        REQUIRE(pk.pieces.size() == 2);
        CHECK(to_hex(pk.pieces[0].bytes()) == fu_headers[i]);
        CHECK(pk.pieces[1].shares_storage_with(f.data));
        body.insert(body.end(), pk.pieces[1].bytes().begin(), pk.pieces[1].bytes().end());
    }
    CHECK(body == std::vector<std::byte>(idr.begin() + 1, idr.end()));
}

TEST_CASE("Key frames without parameter sets get the configuration's", "[rtp][h264]") {
    auto f = video_frame(media::codec_id::h264, {hex("65 88 84 00")}, 0, true, avc_config());
    auto p = cut(f);
    REQUIRE(p.packets.size() == 1);
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000);
    rtp::sender s(1, 96, 100, 0);
    for (const auto& pk : rtp::test::wire_packets(s, p)) REQUIRE_FALSE(d->push(pk));
    auto frames = rtp::test::drain(*d);
    REQUIRE(frames.size() == 1);
    CHECK(to_hex(frames[0].data.bytes()) ==
          "00000019" + to_hex(sps) + "00000004" + to_hex(pps) + "00000004" + "65888400");
    REQUIRE(frames[0].config);
    CHECK(frames[0].config->record == avc_config()->record);  // made from in-band sets: no sprop needed
}

TEST_CASE("Two sessions send one packetized frame with their own headers only", "[rtp][h264]") {
    auto f = video_frame(media::codec_id::h264, {nal(hex("65"), 5000)}, 1'000'000, true);
    auto p = cut(f);
    rtp::sender a(0x1111, 96, 65534, 0);
    rtp::sender b(0x2222, 97, 7, 1000);
    for (const auto& plan : p.packets) {
        auto wa = a.packet(plan);
        auto wb = b.packet(plan);
        REQUIRE(wa.pieces().size() == wb.pieces().size());
        CHECK(wa.pieces()[0].size() == 12);
        for (std::size_t i = 1; i < wa.pieces().size(); ++i) CHECK(wa.pieces()[i].shares_storage_with(wb.pieces()[i]));
    }
    CHECK(a.next_sequence() == static_cast<std::uint16_t>(65534 + p.packets.size()));
    auto first_b = rtp::parse_packet(lal::payload::adopt(b.packet(p.packets[0]).flatten()));
    REQUIRE(first_b);
    CHECK(first_b->header.timestamp == 90000 + 1000);
    CHECK(first_b->header.ssrc == 0x2222);
}

TEST_CASE("A lost packet drops exactly its frame and video resumes at the next key frame", "[rtp][h264]") {
    // GOP: I P P P I P, every frame three FU-A packets.
    const bool keys[] = {true, false, false, false, true, false};
    rtp::sender s(1, 96, 65530, 0);  // wraps during the run
    std::vector<std::vector<rtp::packet>> frames;
    for (int i = 0; i < 6; ++i) {
        auto f = video_frame(media::codec_id::h264, {nal(hex(keys[i] ? "65" : "41"), 3000 + i)}, i * 40'000, keys[i],
                             avc_config());
        frames.push_back(rtp::test::wire_packets(s, cut(f, {1400, true, false})));
    }
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config());
    for (int i = 0; i < 6; ++i) {
        for (std::size_t k = 0; k < frames[i].size(); ++k) {
            if (i == 2 && k == 1) continue;  // the middle fragment of the third frame
            d->push(frames[i][k]);
        }
    }
    auto out = rtp::test::drain(*d);
    std::vector<lal::media::micros> pts;
    for (const auto& f : out) pts.push_back(f.pts);
    CHECK(pts == std::vector<lal::media::micros>{0, 40'000, 160'000, 200'000});
    CHECK(d->stats().lost_packets == 1);
    CHECK(d->stats().broken_frames == 1);
    CHECK(d->stats().skipped_frames == 1);
    CHECK(out[2].keyframe);
    CHECK(out[2].data.size() == 4 + 3004);
}

TEST_CASE("A frame whose marker packet was lost is dropped and so is the one after the gap", "[rtp][h264]") {
    rtp::sender s(1, 96, 0, 0);
    auto i0 = rtp::test::wire_packets(s, cut(video_frame(media::codec_id::h264, {nal(hex("65"), 2000)}, 0, true, avc_config()), {1400, true, false}));
    auto i1 = rtp::test::wire_packets(s, cut(video_frame(media::codec_id::h264, {nal(hex("65"), 100)}, 40'000, true, avc_config()), {1400, true, false}));
    auto i2 = rtp::test::wire_packets(s, cut(video_frame(media::codec_id::h264, {nal(hex("65"), 100)}, 80'000, true, avc_config()), {1400, true, false}));
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config());
    d->push(i0[0]);  // i0[1], the end fragment with the marker, is lost
    d->push(i1[0]);
    d->push(i2[0]);
    auto out = rtp::test::drain(*d);
    REQUIRE(out.size() == 1);
    CHECK(out[0].pts == 80'000);
    CHECK(d->stats().broken_frames == 2);
}

TEST_CASE("Without marker bits an access unit ends when the timestamp changes", "[rtp][h264]") {
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config());
    auto pkt = [](std::uint16_t seq, std::uint32_t ts, std::string_view payload) {
        return rtp::test::make_packet(seq, ts, false, hex(payload));
    };
    REQUIRE_FALSE(d->push(pkt(1, 0, "65 88 01")));
    REQUIRE_FALSE(d->push(pkt(2, 0, "65 88 02")));  // second slice of the same picture
    CHECK_FALSE(d->next());
    REQUIRE_FALSE(d->push(pkt(3, 3600, "41 9a 03")));
    auto f = d->next();
    REQUIRE(f);
    CHECK(to_hex(f->data.bytes()) == "0000000365880100000003658802");
    CHECK(f->keyframe);
    d->flush();
    f = d->next();
    REQUIRE(f);
    CHECK(f->pts == 40'000);
    CHECK_FALSE(f->keyframe);
}

TEST_CASE("Malformed H.264 payloads are reported and drop their frame only", "[rtp][h264]") {
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config());
    auto pkt = [](std::uint16_t seq, std::uint32_t ts, bool marker, std::string_view payload) {
        return rtp::test::make_packet(seq, ts, marker, hex(payload));
    };
    CHECK(d->push(pkt(1, 0, true, "78 00 09 65")) == rtp::errc::bad_aggregate);        // size past the end
    CHECK(d->push(pkt(2, 10, true, "7c 05 01 02")) == rtp::errc::bad_fragment);        // FU middle without start
    CHECK(d->push(pkt(3, 20, true, "7c c5 01 02")) == rtp::errc::bad_fragment);        // S and E both set
    CHECK(d->push(pkt(4, 30, true, "79 00 00")) == rtp::errc::unsupported_packet_type);  // STAP-B
    CHECK(d->push(pkt(5, 40, true, "7c")) == rtp::errc::empty_payload);
    CHECK(rtp::test::drain(*d).empty());
    REQUIRE_FALSE(d->push(pkt(6, 50, true, "65 88 01")));
    CHECK(rtp::test::drain(*d).size() == 1);
    CHECK(d->stats().bad_packets == 5);
}

TEST_CASE("With the first sequence number known a missing first packet breaks the first frame", "[rtp][h264]") {
    rtp::sender s(1, 96, 200, 0);
    auto f0 = rtp::test::wire_packets(s, cut(video_frame(media::codec_id::h264, {hex("06 05 01"), hex("65 88 01")}, 0, true, avc_config()), {1400, false, false}));
    REQUIRE(f0.size() == 2);
    rtp::depacketizer_options o;
    o.first_sequence = 200;
    auto strict = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config(), o);
    auto lenient = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config());
    strict->push(f0[1]);  // the SEI packet never arrived
    lenient->push(f0[1]);
    CHECK(rtp::test::drain(*strict).empty());
    CHECK(strict->stats().lost_packets == 1);
    CHECK(rtp::test::drain(*lenient).size() == 1);
}

TEST_CASE("A stale packet is ignored and a restarted sequence counts as a gap", "[rtp][h264]") {
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000, avc_config());
    REQUIRE_FALSE(d->push(rtp::test::make_packet(1000, 0, true, hex("65 88 01"))));
    REQUIRE_FALSE(d->push(rtp::test::make_packet(999, 0, true, hex("65 88 01"))));  // late duplicate
    REQUIRE_FALSE(d->push(rtp::test::make_packet(1001, 3600, true, hex("41 9a 01"))));
    CHECK(rtp::test::drain(*d).size() == 2);
    // The sender restarts far behind: a gap, so the next frame is dropped and
    // decoding waits for a key frame.
    REQUIRE_FALSE(d->push(rtp::test::make_packet(20, 7200, true, hex("41 9a 02"))));
    REQUIRE_FALSE(d->push(rtp::test::make_packet(21, 10800, true, hex("41 9a 03"))));
    REQUIRE_FALSE(d->push(rtp::test::make_packet(22, 14400, true, hex("65 88 02"))));
    auto out = rtp::test::drain(*d);
    REQUIRE(out.size() == 1);
    CHECK(out[0].keyframe);
    CHECK(d->stats().lost_packets == 1);
}
