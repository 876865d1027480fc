// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/muxer.hpp>
#include <lal/mpegts/packet.hpp>

#include "data_path.hpp"
#include "flv_frames.hpp"
#include "hex.hpp"
#include "split_feed.hpp"
#include "ts_inspect.hpp"

namespace ts = lal::mpegts;
namespace media = lal::media;

namespace {

const lal::test::flv_media& clip() {
    static const auto m = lal::test::read_flv_media(lal::test::read_data("media/h264_aac_10s.flv"));
    return m;
}

// PSI and the first `count` frames of the test clip.
std::vector<std::byte> clip_ts(std::size_t count, std::uint8_t version = 0) {
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h264, clip().video};
    o.audio = ts::muxer_track{media::codec_id::aac, clip().audio};
    o.version = version;
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    std::vector<std::byte> out;
    m->append_psi(out);
    for (std::size_t i = 0; i < count; ++i) REQUIRE_FALSE(m->append_frame(clip().frames[i], out));
    return out;
}

std::vector<std::string> demux_all(lal::byte_span in, ts::demuxer_limits limits = {}) {
    ts::demuxer d(limits);
    d.feed(in);
    d.finish();
    return lal::test::drain(d);
}

std::size_t count_prefix(const std::vector<std::string>& events, std::string_view prefix) {
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
        return e.compare(0, prefix.size(), prefix) == 0;
    }));
}

}  // namespace

TEST_CASE("input split at every byte and fed byte by byte demuxes as the whole", "[mpegts][demuxer]") {
    // A short stream with a bounded audio PES, unbounded video PES and PSI,
    // plus garbage bytes around it so resync is cut too.
    auto in = lal::test::hex("0102");
    auto body = clip_ts(4);
    in.insert(in.end(), body.begin(), body.end());
    in.push_back(std::byte{0x33});
    auto results = lal::test::all_feedings(in, [](const auto& feed) {
        ts::demuxer d;
        std::vector<std::string> events;
        feed([&](lal::byte_span piece) {
            d.feed(piece);
            auto now = lal::test::drain(d);
            events.insert(events.end(), now.begin(), now.end());
        });
        d.finish();
        auto rest = lal::test::drain(d);
        events.insert(events.end(), rest.begin(), rest.end());
        return std::make_pair(events, d.counters());
    });
    REQUIRE(count_prefix(results.front().first, "frame") == 4);
    REQUIRE(count_prefix(results.front().first, "error") == 2);  // leading and trailing garbage
    for (std::size_t i = 1; i < results.size(); ++i) {
        INFO("feeding " << i);
        REQUIRE(results[i] == results.front());
    }
}

TEST_CASE("bytes before a sync byte are skipped and counted as sync_lost", "[mpegts][demuxer]") {
    auto body = clip_ts(12);
    std::vector<std::byte> in(body.begin(), body.begin() + 188 * 5);
    const std::vector<std::byte> junk(100, std::byte{0x11});
    in.insert(in.end(), junk.begin(), junk.end());
    in.insert(in.end(), body.begin() + 188 * 5, body.end());
    ts::demuxer d;
    d.feed(in);
    d.finish();
    std::vector<ts::demux_error> errors;
    auto frames = lal::test::frames_of(d, &errors);
    CHECK(frames.size() == 12);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == ts::errc::sync_lost);
    CHECK(errors[0].bytes == 100);
    CHECK(errors[0].packet == 5);
    CHECK(d.counters().skipped_bytes == 100);
}

TEST_CASE("a lost packet is a continuity error that drops only its frame", "[mpegts][demuxer]") {
    auto whole = clip_ts(3);  // PSI, a multi-packet key frame, two more frames
    auto packets = lal::test::packets_of(whole);
    // Drop the third packet of the key frame's PES (PID 0x100, not its first).
    std::vector<std::byte> in;
    int video_seen = 0;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        if (packets[i].pid == 0x100 && ++video_seen == 3) continue;
        auto p = lal::byte_span(whole).subspan(i * 188, 188);
        in.insert(in.end(), p.begin(), p.end());
    }
    ts::demuxer d;
    d.feed(in);
    d.finish();
    std::vector<ts::demux_error> errors;
    auto frames = lal::test::frames_of(d, &errors);
    REQUIRE(errors.size() >= 1);
    CHECK(errors[0].code == ts::errc::continuity_error);
    CHECK(errors[0].pid == 0x100);
    CHECK(d.counters().continuity_errors == 1);
    CHECK(d.counters().dropped_pes == 1);
    // The key frame is gone; the next frames survive (a delta frame still refers to
    // the parameter sets, which came with the dropped frame: no_parameter_sets).
    for (const auto& f : frames) CHECK((f.kind == media::media_kind::audio || f.dts != clip().frames[0].dts));
}

TEST_CASE("a repeated packet is ignored, a discontinuity_indicator is accepted", "[mpegts][demuxer]") {
    auto whole = clip_ts(2);
    std::vector<std::byte> in(whole.begin(), whole.begin() + 3 * 188);
    in.insert(in.end(), whole.begin() + 2 * 188, whole.end());  // packet 2 twice
    auto events = demux_all(in);
    CHECK(count_prefix(events, "frame") == 2);
    CHECK(count_prefix(events, "error") == 0);
}

TEST_CASE("a transport_error_indicator packet is dropped with an error", "[mpegts][demuxer]") {
    auto in = clip_ts(2);
    in[188 * 2 + 1] |= std::byte{0x80};
    auto events = demux_all(in);
    REQUIRE(count_prefix(events, "error") >= 1);
    CHECK(events.front().find("transport_error_indicator") != std::string::npos);
}

TEST_CASE("a PES over max_pes_size is dropped with pes_too_large and later ones come", "[mpegts][demuxer]") {
    auto in = clip_ts(20);
    ts::demuxer_limits limits;
    limits.max_pes_size = 4000;
    ts::demuxer d(limits);
    d.feed(in);
    d.finish();
    std::vector<ts::demux_error> errors;
    auto frames = lal::test::frames_of(d, &errors);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].code == ts::errc::pes_too_large);
    CHECK(errors[0].bytes > 4000);
    std::size_t audio = 0;
    for (const auto& f : frames) {
        CHECK(f.data.size() < 4000);
        audio += f.kind == media::media_kind::audio;
    }
    CHECK(audio > 0);
}

TEST_CASE("a new PMT version switches the streams followed", "[mpegts][demuxer]") {
    auto in = clip_ts(6);
    ts::muxer_options o;
    o.audio = ts::muxer_track{media::codec_id::mp3, nullptr};
    o.audio_pid = 0x102;
    o.version = 1;
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    // The counters of PAT and PMT go on from the first muxer's (a repeated
    // counter would mark a duplicate packet, 2.4.3.3).
    (void)m->psi();
    m->append_psi(in);
    media::media_frame mp3;
    mp3.kind = media::media_kind::audio;
    mp3.codec = media::codec_id::mp3;
    mp3.data = lal::payload::adopt(lal::test::hex("fffb9064aabbcc"));
    REQUIRE_FALSE(m->append_frame(mp3, in));
    ts::demuxer d;
    d.feed(in);
    d.finish();
    std::vector<ts::demux_error> errors;
    auto frames = lal::test::frames_of(d, &errors);
    CHECK(errors.empty());
    REQUIRE(frames.size() == 7);
    CHECK(frames.back().codec == media::codec_id::mp3);
    REQUIRE(d.program());
    CHECK(d.program()->version == 1);
    CHECK(d.program()->streams.size() == 1);
}

TEST_CASE("frames before the first parameter sets are reported and dropped", "[mpegts][demuxer]") {
    // Start the stream at the second video frame (no SPS/PPS in band yet).
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h264, clip().video};
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    std::vector<std::byte> in;
    m->append_psi(in);
    std::size_t video = 0;
    for (const auto& f : clip().frames) {
        if (f.kind != media::media_kind::video) continue;
        if (++video >= 2) REQUIRE_FALSE(m->append_frame(f, in));
        if (video == 30) break;
    }
    ts::demuxer d;
    d.feed(in);
    d.finish();
    std::vector<ts::demux_error> errors;
    auto frames = lal::test::frames_of(d, &errors);
    CHECK(errors.size() == 24);  // video frames 1..24, before the key frame at 25 (GOP 25)
    for (const auto& e : errors) CHECK(e.code == ts::errc::no_parameter_sets);
    REQUIRE_FALSE(frames.empty());
    CHECK(frames.front().keyframe);
}
