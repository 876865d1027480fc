// SPDX-License-Identifier: MIT
// Every frame of the test clips through packetizer, sender, parser and
// depacketizer, unchanged; then the same with packets reordered and lost.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include <lal/rtp/reorder_buffer.hpp>

#include "rtp_helpers.hpp"

namespace rtp = lal::rtp;
namespace media = lal::media;

namespace {
struct run {
    std::vector<rtp::packet> packets;
    std::vector<std::size_t> first_packet;  // index of each frame's first packet
};

run send_all(const std::vector<media::media_frame>& frames, std::uint32_t rate) {
    run r;
    rtp::sender s(0xabc, 96, 65000, 0x12345678);
    // Frames as they are: no parameter sets added before key frames.
    const rtp::packetizer_options options{1400, true, false};
    for (const auto& f : frames) {
        auto p = rtp::packetize(f, rate, options);
        REQUIRE(p);
        r.first_packet.push_back(r.packets.size());
        for (auto& pk : rtp::test::wire_packets(s, *p)) r.packets.push_back(std::move(pk));
    }
    return r;
}
}  // namespace

TEST_CASE("Every H.264 frame with B-frames survives the trip with its pts", "[rtp][clip]") {
    auto frames = rtp::test::clip_frames("h264_bframes_aac_5s.flv", media::media_kind::video);
    REQUIRE(frames.size() == 125);
    auto out = rtp::test::depacketize_all(media::codec_id::h264, 90000, frames.front().config,
                                          send_all(frames, 90000).packets);
    REQUIRE(out.size() == frames.size());
    media::micros last_dts = INT64_MIN;
    bool reordered = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        CHECK(out[i].data == frames[i].data);
        CHECK(out[i].keyframe == frames[i].keyframe);
        // Times are relative to the first frame, exact to the 90 kHz tick.
        CHECK(std::abs(out[i].pts - (frames[i].pts - frames[0].pts)) <= 11);
        CHECK(out[i].dts <= out[i].pts);
        CHECK(out[i].dts > last_dts);
        reordered |= out[i].pts != out[i].dts;
        last_dts = out[i].dts;
    }
    CHECK(reordered);
}

TEST_CASE("Every AAC frame of the clip survives the trip", "[rtp][clip]") {
    auto frames = rtp::test::clip_frames("aac_only_5s.flv", media::media_kind::audio);
    REQUIRE(frames.size() == 216);
    auto out = rtp::test::depacketize_all(media::codec_id::aac, 44100, frames.front().config,
                                          send_all(frames, 44100).packets);
    REQUIRE(out.size() == frames.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        CHECK(out[i].data == frames[i].data);
        CHECK(std::abs(out[i].pts - (frames[i].pts - frames[0].pts)) <= 23);
    }
}

TEST_CASE("Over lossy reordered UDP only whole frames come out and video restarts at key frames", "[rtp][clip]") {
    auto frames = rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::video);
    REQUIRE(frames.size() == 250);
    auto r = send_all(frames, 90000);
    // Drop about 2 % of the packets and swap neighbours now and then.
    std::mt19937 rng(14);
    std::vector<rtp::packet> wire;
    std::vector<bool> frame_broken(frames.size(), false);
    std::size_t frame = 0;
    for (std::size_t i = 0; i < r.packets.size(); ++i) {
        while (frame + 1 < frames.size() && r.first_packet[frame + 1] <= i) ++frame;
        if (rng() % 50 == 0) {
            frame_broken[frame] = true;
            continue;
        }
        wire.push_back(r.packets[i]);
    }
    for (std::size_t i = 1; i < wire.size(); ++i)
        if (rng() % 10 == 0) std::swap(wire[i - 1], wire[i]);

    rtp::reorder_buffer reorder({16, 50'000, 3000});
    auto d = rtp::make_depacketizer(media::codec_id::h264, 90000, frames.front().config);
    media::micros now = 0;
    for (auto& p : wire) {
        reorder.push(std::move(p), now += 100);
        while (auto o = reorder.next(now)) d->push(o->packet);
    }
    while (auto o = reorder.drain()) d->push(o->packet);
    d->flush();
    auto out = rtp::test::drain(*d);
    REQUIRE(std::count(frame_broken.begin(), frame_broken.end(), true) > 0);

    // Which frames may come out: unbroken, not right after a gap, and the
    // chain since the last key frame intact.
    std::vector<media::micros> expected;
    bool chain = false;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const bool after_gap = i > 0 && frame_broken[i - 1];
        if (frame_broken[i] || after_gap) {
            chain = false;
            continue;
        }
        if (frames[i].keyframe) chain = true;
        if (chain) expected.push_back(frames[i].pts - frames[0].pts);
    }
    std::vector<media::micros> got;
    for (const auto& f : out) got.push_back(f.pts);
    // pts in µs from 90 kHz ticks: compare in ms.
    for (auto& v : got) v = (v + 500) / 1000;
    for (auto& v : expected) v /= 1000;
    CHECK(got == expected);
    if (got != expected) {
        for (auto v : got) if (std::find(expected.begin(), expected.end(), v) == expected.end()) UNSCOPED_INFO("extra " << v);
        for (auto v : expected) if (std::find(got.begin(), got.end(), v) == got.end()) UNSCOPED_INFO("missing " << v);
        for (std::size_t i = 0; i < frames.size(); ++i) if (frame_broken[i]) UNSCOPED_INFO("broken " << (frames[i].pts - frames[0].pts) / 1000);
        CHECK(false);
    }
    for (const auto& f : out) {
        auto it = std::find_if(frames.begin(), frames.end(),
                               [&](const media::media_frame& s) { return (s.pts - frames[0].pts) / 1000 == (f.pts + 500) / 1000; });
        REQUIRE(it != frames.end());
        INFO("pts " << f.pts << " sizes " << f.data.size() << " " << it->data.size() << " key " << f.keyframe);
        CHECK(f.data == it->data);
    }
    CHECK(reorder.stats().lost > 0);
}
