// SPDX-License-Identifier: MIT
// The AV1 RTP payload format (AOM "RTP Payload Format For AV1" v1.0.0) on
// the frames of tests/data/media/av1_10f.obu (libaom, 160x120, key frames 0 and 5).
#include <catch2/catch.hpp>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/av1/obu.hpp>

#include "rtp_helpers.hpp"

using lal::test::hex;
using lal::test::to_hex;
namespace rtp = lal::rtp;
namespace av1 = lal::av1;
namespace media = lal::media;
using rtp::test::make_packet;

namespace {

struct temporal_unit {
    std::vector<std::byte> with_td;     // as the file has it: a temporal delimiter first
    std::vector<std::byte> without_td;  // what a depacketizer gives back
    bool key = false;
};

// The file's temporal units: each starts at a temporal delimiter (AV1 spec 7.5).
std::vector<temporal_unit> clip_units() {
    static const auto bytes = lal::test::read_data("media/av1_10f.obu");
    auto obus = av1::split_obus(bytes);
    REQUIRE(obus);
    std::vector<temporal_unit> out;
    for (const auto& o : *obus) {
        if (o.type == av1::obu_type::temporal_delimiter) out.emplace_back();
        REQUIRE(!out.empty());
        auto& u = out.back();
        u.with_td.insert(u.with_td.end(), o.whole.begin(), o.whole.end());
        if (o.type != av1::obu_type::temporal_delimiter) u.without_td.insert(u.without_td.end(), o.whole.begin(), o.whole.end());
        if (o.type == av1::obu_type::sequence_header) u.key = true;
    }
    return out;
}

media::track_config_ptr clip_config() {
    auto units = clip_units();
    auto rec = av1::make_codec_configuration_record(units.front().without_td);
    REQUIRE(rec);
    std::vector<std::byte> record;
    av1::append_codec_configuration_record(*rec, record);
    return std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::video, media::codec_id::av1, lal::payload::adopt(std::move(record))});
}

media::media_frame av1_frame(std::vector<std::byte> data, media::micros pts, bool key,
                             media::track_config_ptr config = {}) {
    return rtp::test::make_frame(media::media_kind::video, media::codec_id::av1, std::move(data), pts, key,
                                 std::move(config));
}

std::uint8_t aggregation_header(const rtp::packet_plan& p) { return std::to_integer<std::uint8_t>(p.pieces[0].bytes()[0]); }

}  // namespace

TEST_CASE("AV1 temporal units go out in packets of the AV1 RTP format and come back", "[rtp][av1]") {
    const auto units = clip_units();
    REQUIRE(units.size() == 10);
    CHECK(units[0].key);
    CHECK(units[5].key);
    const auto config = clip_config();
    rtp::sender s(7, 45, 100, 0);
    auto d = rtp::make_depacketizer(media::codec_id::av1, 90000);
    REQUIRE(d);
    std::size_t fragmented = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        auto p = rtp::packetize(av1_frame(units[i].with_td, static_cast<media::micros>(i) * 40'000, units[i].key, config),
                                rtp::default_clock_rate(av1_frame({}, 0, false)));
        REQUIRE(p);
        REQUIRE(!p->packets.empty());
        for (std::size_t k = 0; k < p->packets.size(); ++k) {
            const auto& plan = p->packets[k];
            const auto agg = aggregation_header(plan);
            CHECK(plan.size() <= 1400);
            CHECK(plan.timestamp == i * 3600);
            CHECK(plan.marker == (k + 1 == p->packets.size()));  // RTP header usage: the unit's last packet
            // 4.4: N on the first packet of a key frame only; Z/Y pair up across packets.
            CHECK(((agg & 0x08) != 0) == (k == 0 && units[i].key));
            CHECK(((agg & 0x80) != 0) == (k > 0 && (aggregation_header(p->packets[k - 1]) & 0x40) != 0));
            CHECK((agg & 0x07) == 0);
            if (agg & 0x40) ++fragmented;
        }
        if (units[i].key) {
            // W = 0 (a length before each element) or a count; the sequence
            // header first, without obu_has_size_field (5).
            const auto first = p->packets[0].pieces[0].bytes();
            const auto obu_header = (aggregation_header(p->packets[0]) & 0x30) == 0x10 ? first[1] : first[2];
            CHECK(std::to_integer<int>(obu_header) == 0x08);
        }
        for (const auto& packet : rtp::test::wire_packets(s, *p)) CHECK(!d->push(packet));
        auto frames = rtp::test::drain(*d);
        REQUIRE(frames.size() == 1);
        CHECK(frames[0].codec == media::codec_id::av1);
        CHECK(frames[0].keyframe == units[i].key);
        CHECK(frames[0].pts == static_cast<media::micros>(i) * 40'000);
        CHECK(frames[0].dts == frames[0].pts);
        CHECK(to_hex(frames[0].data.bytes()) == to_hex(units[i].without_td));  // temporal delimiter dropped (5)
        REQUIRE(frames[0].config);
        CHECK(to_hex(frames[0].config->record.bytes()) == to_hex(config->record.bytes()));
    }
    CHECK(fragmented == 5);  // the 4.5 KB key frame spans 4 packets, the 4.1 KB one 3
    CHECK(d->stats().broken_frames == 0);
}

TEST_CASE("An AV1 key frame without a sequence header gets the av1C's (AV1 spec 7.5)", "[rtp][av1]") {
    const auto units = clip_units();
    const auto config = clip_config();
    auto obus = av1::split_obus(units[5].without_td);
    REQUIRE(obus);
    std::vector<std::byte> frame_only;
    for (const auto& o : *obus)
        if (o.type != av1::obu_type::sequence_header) frame_only.insert(frame_only.end(), o.whole.begin(), o.whole.end());
    auto p = rtp::packetize(av1_frame(frame_only, 0, true, config), 90000);
    REQUIRE(p);
    CHECK((aggregation_header(p->packets[0]) & 0x08) != 0);
    rtp::sender s(7, 45, 1, 0);
    auto frames = rtp::test::depacketize_all(media::codec_id::av1, 90000, nullptr, rtp::test::wire_packets(s, *p));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].keyframe);
    CHECK(to_hex(frames[0].data.bytes()) == to_hex(units[5].without_td));

    rtp::packetizer_options no_insert;
    no_insert.parameter_sets_at_keyframes = false;
    auto bare = rtp::packetize(av1_frame(frame_only, 0, true, config), 90000, no_insert);
    REQUIRE(bare);
    CHECK((aggregation_header(bare->packets[0]) & 0x08) == 0);
    // Without a sequence header a depacketizer cannot start: no frame, no error.
    frames = rtp::test::depacketize_all(media::codec_id::av1, 90000, nullptr, rtp::test::wire_packets(s, *bare));
    CHECK(frames.empty());
}

TEST_CASE("Every AV1 payload size cuts the clip into packets that fit and come back", "[rtp][av1]") {
    const auto units = clip_units();
    for (std::size_t max : {8u, 9u, 40u, 129u, 300u, 5000u}) {
        CAPTURE(max);
        rtp::packetizer_options o;
        o.max_payload = max;
        rtp::sender s(1, 96, 65000, 0);  // the sequence number wraps
        auto d = rtp::make_depacketizer(media::codec_id::av1, 90000);
        for (std::size_t i = 0; i < 6; ++i) {
            auto p = rtp::packetize(av1_frame(units[i].with_td, 0, units[i].key), 90000, o);
            REQUIRE(p);
            for (const auto& plan : p->packets) CHECK(plan.size() <= max);
            for (const auto& packet : rtp::test::wire_packets(s, *p)) REQUIRE(!d->push(packet));
            auto frames = rtp::test::drain(*d);
            REQUIRE(frames.size() == 1);
            CHECK(frames[0].data == lal::payload::copy_from(units[i].without_td));
        }
    }
    CHECK(rtp::packetize(av1_frame(units[0].with_td, 0, true), 90000, {7}).error() == rtp::errc::payload_too_small);
    CHECK(rtp::packetize(av1_frame(hex("12"), 0, false), 90000).error() == rtp::errc::bad_frame);  // truncated OBU
    CHECK(rtp::packetize(av1_frame(hex("1200"), 0, false), 90000).error() == rtp::errc::bad_frame);  // only a TD
}

TEST_CASE("AV1 packets in the W = 0 and count forms, with or without obu_size (AV1 RTP 4.4, 5)", "[rtp][av1]") {
    // The clip's sequence header OBU without its size field, then a frame OBU
    // whose first byte says KEY_FRAME (show_existing_frame 0, frame_type 0).
    const auto units = clip_units();
    auto obus = av1::split_obus(units[0].without_td);
    REQUIRE(obus);
    const auto& sh = obus->front();
    REQUIRE(sh.type == av1::obu_type::sequence_header);
    std::vector<std::byte> sh_element{std::byte{0x08}};
    sh_element.insert(sh_element.end(), sh.payload.begin(), sh.payload.end());
    const auto sh_len = static_cast<std::byte>(sh_element.size());
    REQUIRE(sh_element.size() < 128);
    std::vector<std::byte> expected(sh.whole.begin(), sh.whole.end());
    const auto frame_with_size = hex("3203102030");  // frame OBU, obu_size 3: 10 20 30
    expected.insert(expected.end(), frame_with_size.begin(), frame_with_size.end());

    SECTION("W = 0: every element has a length; a temporal delimiter and an obu_size are accepted") {
        std::vector<std::byte> pl{std::byte{0x08}, std::byte{0x01}, std::byte{0x10}, sh_len};
        pl.insert(pl.end(), sh_element.begin(), sh_element.end());
        pl.push_back(std::byte{5});
        pl.insert(pl.end(), frame_with_size.begin(), frame_with_size.end());
        auto frames = rtp::test::depacketize_all(media::codec_id::av1, 90000, nullptr, {make_packet(1, 0, true, pl)});
        REQUIRE(frames.size() == 1);
        CHECK(frames[0].keyframe);
        CHECK(to_hex(frames[0].data.bytes()) == to_hex(expected));
    }
    SECTION("W = 2: the last element runs to the end, fragmented over two packets") {
        std::vector<std::byte> a{std::byte{0x60}, sh_len};
        a.insert(a.end(), sh_element.begin(), sh_element.end());
        a.insert(a.end(), {std::byte{0x30}, std::byte{0x10}});  // frame OBU header without size, first byte
        const auto b = hex("90" "2030");                       // Z, W = 1: the rest
        auto frames = rtp::test::depacketize_all(media::codec_id::av1, 90000, nullptr,
                                                 {make_packet(1, 0, false, a), make_packet(2, 0, true, b)});
        REQUIRE(frames.size() == 1);
        CHECK(to_hex(frames[0].data.bytes()) == to_hex(expected));
    }
}

TEST_CASE("The AV1 depacketizer refuses malformed packets and drops what loss broke", "[rtp][av1]") {
    const auto units = clip_units();
    auto d = rtp::make_depacketizer(media::codec_id::av1, 90000);
    CHECK(d->push(make_packet(1, 0, true, hex("00"))) == rtp::errc::empty_payload);
    CHECK(d->push(make_packet(2, 0, true, hex("00" "05" "3000"))) == rtp::errc::bad_aggregate);   // length past the end
    CHECK(d->push(make_packet(3, 0, true, hex("00" "ff"))) == rtp::errc::bad_aggregate);          // leb128 unfinished
    CHECK(d->push(make_packet(4, 0, true, hex("30" "02" "3000"))) == rtp::errc::bad_aggregate);   // W = 3, one element
    CHECK(d->push(make_packet(5, 0, true, hex("90" "3000"))) == rtp::errc::bad_fragment);         // Z without a start
    CHECK(d->push(make_packet(6, 0, false, hex("50" "3000"))) == std::error_code{});              // Y: a start...
    CHECK(d->push(make_packet(7, 0, true, hex("10" "3000"))) == rtp::errc::bad_fragment);         // ... never continued
    CHECK(d->push(make_packet(8, 0, true, hex("10" "b000"))) == rtp::errc::bad_aggregate);        // forbidden bit
    CHECK(d->stats().bad_packets == 7);
    CHECK(rtp::test::drain(*d).empty());

    rtp::depacketizer_options small;
    small.max_frame_size = 1000;
    auto limited = rtp::make_depacketizer(media::codec_id::av1, 90000, {}, small);
    rtp::sender s(1, 96, 10, 0);
    auto key = rtp::packetize(av1_frame(units[0].with_td, 0, true), 90000);
    REQUIRE(key);
    std::vector<std::error_code> errors;
    for (const auto& packet : rtp::test::wire_packets(s, *key))
        if (auto ec = limited->push(packet)) errors.push_back(ec);
    REQUIRE(errors.size() == 1);  // the packet past the limit; the rest of its OBU is skipped quietly
    CHECK(errors[0] == rtp::errc::frame_too_large);
    CHECK(rtp::test::drain(*limited).empty());

    // A lost middle packet breaks its key frame; the frames after it wait for the next key frame.
    auto lossy = rtp::make_depacketizer(media::codec_id::av1, 90000);
    rtp::sender t(1, 96, 500, 0);
    std::vector<media::media_frame> out;
    for (std::size_t i = 0; i < units.size(); ++i) {
        auto p = rtp::packetize(av1_frame(units[i].with_td, static_cast<media::micros>(i) * 40'000, units[i].key), 90000);
        REQUIRE(p);
        auto packets = rtp::test::wire_packets(t, *p);
        for (std::size_t k = 0; k < packets.size(); ++k) {
            if (i == 0 && k == 1) continue;
            CHECK(!lossy->push(packets[k]));
        }
        for (auto& f : rtp::test::drain(*lossy)) out.push_back(std::move(f));
    }
    REQUIRE(out.size() == 5);
    CHECK(out[0].keyframe);
    CHECK(out[0].pts == 200'000);
    CHECK(lossy->stats().lost_packets == 1);
    CHECK(lossy->stats().broken_frames == 1);
    CHECK(lossy->stats().skipped_frames == 4);
}
