// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtp/clock.hpp>
#include <lal/rtp/receiver_reporter.hpp>
#include <lal/rtp/receiver_stats.hpp>
#include <lal/rtp/rtcp.hpp>

namespace rtp = lal::rtp;

TEST_CASE("RTP timestamps become µs since the first one across the 32-bit wrap", "[rtp][clock]") {
    rtp::track_clock c(90000);
    CHECK(c.to_micros(0xffffff00u) == 0);
    CHECK(c.to_micros(0xffffff00u + 3600) == 40'000);
    CHECK(c.to_micros(0x00000100u) == 5688);  // 512 ticks later, after the wrap
    CHECK(c.to_micros(0xffffff00u - 90) == -1000);
    rtp::track_clock audio(48000);
    CHECK(audio.to_micros(1000) == 0);
    CHECK(audio.to_micros(1960) == 20'000);
}

TEST_CASE("NTP timestamps convert to µs and back", "[rtp][clock]") {
    CHECK(rtp::ntp_to_micros(0x0000000180000000ull) == 1'500'000);
    CHECK(rtp::micros_to_ntp(1'500'000) == 0x0000000180000000ull);
    CHECK(rtp::ticks_to_micros(-1, 90000) == -12);
    CHECK(rtp::micros_to_ticks(1'000'000, 48000) == 48000);
}

TEST_CASE("Sender reports align audio and video that start at different wall times", "[rtp][clock]") {
    rtp::track_clock video(90000);
    rtp::track_clock audio(48000);
    // Video's first frame at wall 100.000 s; audio's first at wall 100.250 s.
    const std::uint64_t base = 100ull << 32;
    CHECK(video.to_micros(5000) == 0);
    CHECK(audio.to_micros(777) == 0);
    CHECK_FALSE(rtp::sync_offset(audio, video));
    // SR for video: RTP 5000 + 90000 at wall 101 s; for audio: RTP 777 + 12000 at 100.5 s.
    video.on_sender_report({1, base + (1ull << 32), 95000, 0, 0, {}});
    audio.on_sender_report({2, base + (1ull << 31), 12777, 0, 0, {}});
    REQUIRE(rtp::sync_offset(audio, video));
    CHECK(*rtp::sync_offset(audio, video) == 250'000);
}

TEST_CASE("Decode times stay monotonic and below pts for an IPBB pattern", "[rtp][clock]") {
    // Decode order I0 P3 B1 B2 P6 B4 B5 P8 B7 I9 P12 B10 B11 (closed GOPs), 40 ms frames.
    const int order[] = {0, 3, 1, 2, 6, 4, 5, 8, 7, 9, 12, 10, 11};
    rtp::dts_estimator est(1, 40'000);
    lal::media::micros last = INT64_MIN;
    for (int i = 0; i < 13; ++i) {
        const lal::media::micros pts = order[i] * 40'000;
        const auto dts = est.next(pts, order[i] % 9 == 0);
        CHECK(dts <= pts);
        CHECK(dts > last);
        last = dts;
    }
    rtp::dts_estimator none(0);
    CHECK(none.next(80'000, true) == 80'000);
    CHECK(none.next(120'000, false) == 120'000);
}

TEST_CASE("Receiver statistics give the loss and jitter of RFC 3550 A.3 and A.8", "[rtp][rtcp]") {
    rtp::receiver_stats s(8000);
    // 10 packets 20 ms apart (160 ticks), sequence 65530..3 across the wrap; 65533 lost.
    std::uint16_t seq = 65530;
    for (int i = 0; i < 10; ++i, ++seq) {
        if (seq == 65533) continue;
        s.on_packet(seq, 1000 + 160u * static_cast<unsigned>(i), 20'000 * i);
    }
    CHECK(s.received() == 9);
    CHECK(s.expected() == 10);
    CHECK(s.jitter() == 0);  // perfectly paced
    s.on_sender_report({7, 0x0000123456780000ull, 0, 0, 0, {}}, 100'000);
    auto b = s.block(7, 150'000);
    CHECK(b.ssrc == 7);
    CHECK(b.cumulative_lost == 1);
    CHECK(b.fraction_lost == 25);  // 1/10 of 256
    CHECK(b.highest_sequence == 65536 + 3);
    CHECK(b.last_sr == 0x12345678);
    CHECK(b.delay_since_last_sr == 3276);  // 50 ms in 1/65536 s
    // A packet 10 ms late makes the jitter grow by 80/16 ticks.
    s.on_packet(4, 1000 + 1600, 210'000);
    CHECK(s.jitter() == 5);
    CHECK(s.block(7, 220'000).fraction_lost == 0);  // nothing lost in this interval
}

TEST_CASE("A receiver reporter answers its source with RR + SDES CNAME (RFC 3550 6.4.2, 6.1)", "[rtp][rtcp]") {
    rtp::receiver_reporter r(8000, 0xabcd0001, "lal@test");
    // Before any packet: an RR without blocks, and the CNAME.
    auto first = rtp::parse_rtcp(r.report(0));
    REQUIRE(first);
    REQUIRE(first->size() == 2);
    CHECK(std::get<rtp::receiver_report>(first->at(0)).reports.empty());
    const auto& sdes = std::get<rtp::source_description>(first->at(1));
    CHECK(sdes.chunks.at(0).ssrc == 0xabcd0001);
    CHECK(sdes.chunks.at(0).items.at(0).text == "lal@test");
    // Five packets of SSRC 7, sequence 3 lost; a stranger's packet is not counted.
    for (std::uint16_t seq : {1, 2, 4, 5}) {
        rtp::header h;
        h.ssrc = 7;
        h.sequence = seq;
        h.timestamp = 160u * seq;
        r.on_rtp(h, 20'000 * seq);
    }
    rtp::header stranger;
    stranger.ssrc = 99;
    stranger.sequence = 1000;
    r.on_rtp(stranger, 110'000);
    // The source's SR (a compound with SDES, as senders send it) sets LSR; another SSRC's does not.
    std::vector<std::byte> sr;
    REQUIRE_FALSE(rtp::append_rtcp(rtp::sender_report{7, 0x0000aaaabbbb0000ull, 800, 4, 640, {}}, sr));
    REQUIRE_FALSE(rtp::append_rtcp(rtp::source_description{{rtp::sdes_chunk{7, {rtp::sdes_item{1, "cam"}}}}}, sr));
    CHECK_FALSE(r.on_rtcp(sr, 120'000));
    std::vector<std::byte> other;
    REQUIRE_FALSE(rtp::append_rtcp(rtp::sender_report{99, 0x0000ccccdddd0000ull, 0, 0, 0, {}}, other));
    CHECK_FALSE(r.on_rtcp(other, 130'000));
    CHECK(r.on_rtcp(std::vector<std::byte>(3, std::byte{0x80}), 130'000));  // truncated: an error, nothing kept
    auto parsed = rtp::parse_rtcp(r.report(220'000));
    REQUIRE(parsed);
    const auto& rr = std::get<rtp::receiver_report>(parsed->at(0));
    CHECK(rr.ssrc == 0xabcd0001);
    REQUIRE(rr.reports.size() == 1);
    const auto& b = rr.reports[0];
    CHECK(b.ssrc == 7);
    CHECK(b.cumulative_lost == 1);
    CHECK(b.fraction_lost == 51);  // 1 of 5 in 1/256
    CHECK(b.highest_sequence == 5);
    CHECK(b.last_sr == 0xaaaabbbb);
    CHECK(b.delay_since_last_sr == 6553);  // 100 ms in 1/65536 s
    CHECK(r.stats().received() == 4);
}
