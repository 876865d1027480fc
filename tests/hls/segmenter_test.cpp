// SPDX-License-Identifier: MIT
// The segmenter on synthetic frames: cuts, window, durations, bytes,
// discontinuities and the end, every playlist checked against RFC 8216.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include <lal/hls/error.hpp>
#include <lal/hls/segmenter.hpp>

#include "hls_fixtures.hpp"

using namespace lal::test::hls;
namespace hls = lal::hls;

namespace {

// Each segment's bytes with the PSI prefix checked and removed, all concatenated.
std::vector<std::byte> segment_frames(const std::vector<hls::segment_ptr>& segs) {
    const auto psi = fake_psi();
    std::vector<std::byte> out;
    for (const auto& s : segs) {
        const auto b = s->bytes.bytes();
        REQUIRE(b.size() >= psi.size());
        REQUIRE(std::equal(psi.bytes().begin(), psi.bytes().end(), b.begin()));
        out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(psi.size()), b.end());
    }
    return out;
}

// The first frame after the PSI is a video key frame (see make_frame).
bool starts_with_video_key(const hls::segment& s) {
    const auto b = s.bytes.bytes();
    const auto at = fake_psi().size();
    return b.size() > at + 2 && b[at + 1] == std::byte{0xe0} && b[at + 2] == std::byte{1};
}

std::string text_of(const lal::payload& p) { return std::string(lal::as_string_view(p.bytes())); }

}  // namespace

TEST_CASE("video and audio are cut at key frames into a sliding window of whole segments", "[hls][segmenter]") {
    harness h(options(3000, 6));
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    const auto frames = make_stream(0, 40'000'000);
    h.feed(frames);
    h.seg.on_publish_end(1'796'611'700'000);
    h.drain();
    CHECK_CLEAN(h);
    CHECK(h.live.fetches() > 10);

    // 40 s with key frames every 3 s: 13 segments of 3 s and a last one of 1 s.
    REQUIRE(h.closed.size() == 14);
    for (std::size_t i = 0; i < h.closed.size(); ++i) {
        const auto& s = *h.closed[i];
        CHECK(s.sequence == i);
        CHECK(s.name == "test-" + std::to_string(1'796'611'644'000 + 3000 * static_cast<std::int64_t>(i)) + "-" +
                            std::to_string(i) + ".ts");
        CHECK(s.start_dts == 3'000'000 * static_cast<std::int64_t>(i));
        CHECK(s.duration == (i < 13 ? 3'000'000 : 1'000'000));
        CHECK(s.program_date_time_ms == 1'796'611'644'000 + 3000 * static_cast<std::int64_t>(i));
        CHECK(s.starts_with_key);
        CHECK(starts_with_video_key(s));
        CHECK_FALSE(s.discontinuity);
        CHECK_FALSE(s.forced_cut);
    }
    // Segment bytes are the PSI then the frames' TS bytes, in order, none lost.
    CHECK(segment_frames(h.closed) == concat(frames));
    CHECK(h.opened.size() == 14);

    // The final playlist: the last 6 segments, ENDLIST, target 3.
    const auto& last = h.live.last();
    CHECK(last.ended);
    CHECK(h.ended_seen);
    CHECK(last.target_duration == 3);
    CHECK(last.media_sequence == 8);
    REQUIRE(last.segments.size() == 6);
    CHECK(last.segments.front().uri == h.closed[8]->name);
    CHECK(last.segments.back().duration_text == "1.000");
    CHECK(last.segments.front().program_date_time == "2026-12-07T02:47:48.000Z");
    CHECK(text_of(h.seg.playlist()).rfind("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:8\n", 0) == 0);

    // In memory: the window plus delete_threshold (0 = fragment_num) more; older ones evicted.
    CHECK(h.seg.in_memory().size() == 12);
    REQUIRE(h.evicted.size() == 2);
    CHECK(h.evicted[0] == h.closed[0]->name);
    CHECK(h.seg.find(h.closed[0]->name) == nullptr);
    auto kept = h.seg.find(h.closed[2]->name);
    REQUIRE(kept);
    CHECK(kept->bytes.shares_storage_with(h.closed[2]->bytes));
    CHECK(h.seg.find(h.closed[13]->name) == h.closed[13]);
    CHECK(h.seg.find("nosuch.ts") == nullptr);
    CHECK(h.deletions.empty());
    CHECK(h.seg.stats().segments == 14);
    CHECK(h.seg.stats().frames == frames.size());
    CHECK(h.seg.stats().dropped_frames == 0);
}

TEST_CASE("a key frame before the fragment duration does not cut; the next one past it does", "[hls][segmenter]") {
    harness h(options(3000, 6));
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    stream_shape two_s;
    two_s.key_every = 50;  // key frames every 2 s: cuts at 4 s
    const auto frames = make_stream(0, 30'000'000, two_s);
    h.feed_and_end(frames);
    CHECK_CLEAN(h);
    REQUIRE(h.closed.size() >= 7);
    for (std::size_t i = 0; i + 1 < h.closed.size(); ++i) CHECK(h.closed[i]->duration == 4'000'000);
    CHECK(h.live.last().target_duration == 4);
    CHECK(h.seg.target_duration_s() == 4);
    CHECK(segment_frames(h.closed) == concat(frames));
}

TEST_CASE("an audio-only stream is cut by duration", "[hls][segmenter]") {
    harness h(options(2000, 5));
    REQUIRE_FALSE(h.seg.on_publish_start(false));
    const auto audio = audio_only();
    const auto frames = make_stream(0, 21'000'000, audio);
    h.feed_and_end(frames);
    CHECK_CLEAN(h);
    REQUIRE(h.closed.size() == 11);
    for (std::size_t i = 0; i + 1 < h.closed.size(); ++i) {
        // The first frame at or past 2 s starts the next segment.
        CHECK(h.closed[i]->duration >= 2'000'000);
        CHECK(h.closed[i]->duration < 2'000'000 + audio.audio_step);
        CHECK_FALSE(h.closed[i]->starts_with_key);
    }
    CHECK(segment_frames(h.closed) == concat(frames));
    CHECK(h.live.last().target_duration == 2);
}

TEST_CASE("frames before the PSI, before publishing and before the first key frame are dropped", "[hls][segmenter]") {
    auto o = options();
    auto created = hls::segmenter::create(o);
    REQUIRE(created);
    auto& seg = *created;
    const auto frames = make_stream(0, 10'000'000);
    seg.on_frame(frames[0], 0);  // not published yet
    REQUIRE_FALSE(seg.on_publish_start(true));
    seg.on_frame(frames[0], 0);  // no PSI yet
    CHECK(seg.stats().dropped_frames == 2);
    seg.set_psi(fake_psi());
    // Start mid-GOP: everything up to the key frame at 3 s is dropped.
    std::size_t dropped = 0;
    for (const auto& f : frames) {
        if (f.dts < 1'000'000) continue;
        if (f.dts < 3'000'000 && !(f.kind == media_kind::video && f.keyframe)) ++dropped;
        seg.on_frame(f, f.dts / 1000);
    }
    seg.on_publish_end(10'000);
    CHECK(seg.stats().dropped_frames == 2 + dropped);
    REQUIRE_FALSE(seg.window().empty());
    CHECK(seg.window().front()->start_dts == 3'000'000);
    CHECK(starts_with_video_key(*seg.window().front()));
    // Metadata is not carried in these segments.
    const auto before = seg.stats().dropped_frames;
    auto meta = make_frame(media_kind::metadata, 0, false, 0);
    seg.on_frame(meta, 0);
    CHECK(seg.stats().dropped_frames == before + 1);
}

TEST_CASE("a stream announced with video that sends only audio becomes audio-only after one fragment, from its first frame", "[hls][segmenter]") {
    harness h(options(2000, 5));
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    const auto frames = make_stream(0, 10'000'000, audio_only());
    h.feed_and_end(frames);
    CHECK_CLEAN(h);
    REQUIRE_FALSE(h.closed.empty());
    // The audio held while waiting for video is not lost: the first segment
    // starts at the first frame, and every frame is in a segment, in order.
    CHECK(h.seg.stats().dropped_frames == 0);
    CHECK(h.seg.stats().frames == frames.size());
    CHECK(h.closed.front()->start_dts == frames.front().dts);
    CHECK(segment_frames(h.closed) == concat(frames));
    CHECK(h.closed.size() == 5);

    // Video arriving within the fragment keeps the stream a video stream.
    harness late(options(2000, 5));
    REQUIRE_FALSE(late.seg.on_publish_start(true));
    late.feed(make_stream(0, 1'000'000, audio_only()));
    late.feed_and_end(make_stream(1'000'000, 9'000'000, {}, 500));
    CHECK_CLEAN(late);
    REQUIRE_FALSE(late.closed.empty());
    for (const auto& s : late.closed) CHECK(s->starts_with_key);
}

TEST_CASE("a republish with a timestamp reset starts a discontinuity; the discontinuity sequence follows it out", "[hls][segmenter]") {
    auto o = options(3000, 4);
    o.record_playlist = true;  // checked too: every segment, the discontinuity in place
    harness h(o);
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    const auto first = make_stream(5'000'000, 10'000'000);
    h.feed(first);
    // The new publisher starts from dts 0 again.
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    h.drain();
    const auto second = make_stream(0, 40'000'000, {}, 100000);
    h.feed(second, 1'796'611'700'000);
    h.seg.on_publish_end(0);
    h.drain();
    CHECK_CLEAN(h);

    // 10 s: 3 + 3 + 3 + 1 (closed by the republish), then the new timeline.
    REQUIRE(h.closed.size() > 6);
    CHECK(h.closed[3]->duration == 1'000'000);
    CHECK_FALSE(h.closed[3]->discontinuity);
    CHECK(h.closed[4]->discontinuity);
    CHECK(h.closed[4]->start_dts == 0);
    CHECK(h.closed[4]->sequence == 4);
    // The date-time restarts from the wall clock of the new publisher.
    CHECK(h.closed[4]->program_date_time_ms == 1'796'611'700'000);
    std::size_t flagged = 0;
    for (const auto& s : h.closed) flagged += s->discontinuity ? 1 : 0;
    CHECK(flagged == 1);
    CHECK(h.seg.stats().discontinuities == 1);
    // Segment 4 has left the window by now: the discontinuity sequence counts it.
    CHECK(h.live.last().discontinuity_sequence == 1);
    CHECK(text_of(h.seg.playlist()).find("#EXT-X-DISCONTINUITY-SEQUENCE:1\n") != std::string::npos);
    REQUIRE(h.record.last().segments.size() == h.closed.size());
    CHECK(h.record.last().segments[4].discontinuity);
    CHECK(h.record.last().discontinuity_sequence == 0);
    auto all = first;
    all.insert(all.end(), second.begin(), second.end());
    CHECK(segment_frames(h.closed) == concat(all));
}

TEST_CASE("a timestamp jump past the threshold cuts with a discontinuity; a smaller step does not", "[hls][segmenter]") {
    auto o = options(3000, 6);
    o.timestamp_jump_ms = 5000;
    // The 4 s gap makes a 5 s segment: the target grows from 3 to 5.
    playlist_checker::settings grows;
    grows.target_may_grow = true;
    harness h(o, grows);
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    h.feed(make_stream(0, 7'000'000));
    // A 4 s gap (under the threshold) is no jump.
    h.feed(make_stream(11'000'000, 7'000'000, {}, 1000));
    CHECK(h.seg.stats().timestamp_jumps == 0);
    // A jump forward by a minute is.
    h.feed(make_stream(78'000'000, 13'000'000, {}, 2000));
    // And a jump back.
    h.feed(make_stream(1'000'000, 10'000'000, {}, 3000));
    h.seg.on_publish_end(0);
    h.drain();
    CHECK_CLEAN(h);
    CHECK(h.seg.stats().timestamp_jumps == 2);
    std::vector<lal::media::micros> flagged_starts;
    for (const auto& s : h.closed) {
        if (s->discontinuity) flagged_starts.push_back(s->start_dts);
    }
    CHECK(flagged_starts == std::vector<lal::media::micros>{78'000'000, 1'000'000});
    // The segment before each jump ends one frame after its last frame, not at the jump.
    for (std::size_t i = 1; i < h.closed.size(); ++i) {
        if (h.closed[i]->discontinuity) CHECK(h.closed[i - 1]->duration <= 7'000'000);
    }
}

TEST_CASE("a track far off the open segment's timeline is a jump, and extreme timestamps stay bounded", "[hls][segmenter]") {
    harness h(options(3000, 6));
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    h.feed(make_stream(0, 4'000'000, stream_shape{true, false}));
    // The first audio frame is a day away from the video: not one 24 h segment.
    h.feed({make_frame(media_kind::audio, 86'400'000'000, false, 900)});
    CHECK(h.seg.stats().timestamp_jumps == 1);
    h.feed({make_frame(media_kind::video, INT64_MAX, true, 901), make_frame(media_kind::video, INT64_MIN, true, 902),
            make_frame(media_kind::audio, INT64_MIN, false, 903)});
    h.seg.on_publish_end(0);
    h.drain();
    CHECK_CLEAN(h);
    // The far audio frame waits for a key frame (dropped); each extreme key frame opens a segment.
    REQUIRE(h.closed.size() == 4);
    CHECK(h.seg.stats().dropped_frames == 1);
    CHECK(h.closed[1]->duration == 1'000'000);  // ended by the jump, one frame after its last
    for (const auto& s : h.closed) CHECK(s->duration <= 3'000'000);
    CHECK(h.seg.target_duration_s() == 3);
}

TEST_CASE("the end appends ENDLIST, freezes the playlist and refuses a new publish", "[hls][segmenter]") {
    auto o = options(3000, 6);
    o.record_playlist = true;
    harness h(o);
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    const auto frames = make_stream(0, 25'000'000);
    h.feed(frames);
    CHECK(text_of(h.seg.record_playlist()).find("#EXT-X-PLAYLIST-TYPE:EVENT\n") != std::string::npos);
    CHECK_FALSE(h.seg.ended());
    h.seg.on_publish_end(1'796'611'700'000);
    h.drain();
    CHECK(h.seg.ended());
    CHECK_CLEAN(h);
    // 25 s: the last segment ends one frame step after its last video frame.
    CHECK(h.closed.back()->duration == 1'000'000);
    CHECK(h.live.last().ended);
    const auto rec = text_of(h.seg.record_playlist());
    CHECK(rec.find("#EXT-X-PLAYLIST-TYPE:VOD\n") != std::string::npos);
    CHECK(h.record.last().ended);
    CHECK(h.record.last().segments.size() == h.closed.size());
    CHECK(h.record.last().media_sequence == 0);

    CHECK(h.seg.on_publish_start(true) == hls::errc::stream_ended);
    const auto updates = h.updates;
    h.feed(make_stream(30'000'000, 10'000'000));
    h.seg.on_publish_end(0);
    h.drain();
    CHECK(h.updates == updates);
    CHECK(h.live.check(text_of(h.seg.playlist())).empty());
    // A new segmenter can continue the numbering.
    auto next = options();
    next.first_sequence = h.seg.next_sequence();
    auto s2 = hls::segmenter::create(next);
    REQUIRE(s2);
    CHECK(s2->next_sequence() == h.closed.size());
}

TEST_CASE("a stream that ends before its first segment closed still gets an ended playlist", "[hls][segmenter]") {
    harness h(options());
    CHECK(h.seg.playlist().empty());
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    h.feed(make_stream(0, 1'000'000));
    CHECK(h.seg.playlist().empty());
    h.seg.on_publish_end(0);
    h.drain();
    CHECK(h.problems.empty());
    REQUIRE(h.closed.size() == 1);
    CHECK(h.live.last().ended);
    CHECK(h.live.last().segments.size() == 1);
}

TEST_CASE("a GOP far longer than the fragment is cut at the length bound, and the target grows to fit", "[hls][segmenter]") {
    playlist_checker::settings grows;
    grows.target_may_grow = true;
    harness h(options(3000, 6), grows);
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    h.feed(make_stream(0, 12'000'000));  // 3 s GOPs
    stream_shape long_gop;
    long_gop.key_every = 100000;  // one key frame, then none for 30 s
    h.feed(make_stream(12'000'000, 30'000'000, long_gop, 5000));
    h.seg.on_publish_end(0);
    h.drain();
    CHECK_CLEAN(h);
    std::size_t forced = 0;
    for (const auto& s : h.closed) {
        if (!s->forced_cut) continue;
        ++forced;
        // Cut at the bound: 4 x fragment_duration_ms.
        CHECK(s->duration == 12'000'000);
    }
    CHECK(forced == 2);
    CHECK(h.seg.stats().forced_cuts == 2);
    CHECK(h.seg.target_duration_s() == 12);
    CHECK(h.live.last().target_duration == 12);

    // The strict checker reports the change RFC 8216 6.2.1 forbids.
    harness strict(options(3000, 6));
    REQUIRE_FALSE(strict.seg.on_publish_start(true));
    strict.feed(make_stream(0, 12'000'000));
    strict.feed(make_stream(12'000'000, 30'000'000, long_gop, 5000));
    CHECK_FALSE(strict.problems.empty());
}

TEST_CASE("a segment is cut before it would pass max_segment_bytes", "[hls][segmenter]") {
    auto o = options(3000, 6);
    o.max_segment_bytes = 2 * packet + 20 * packet;  // the PSI and 20 frames
    harness h(o);
    REQUIRE_FALSE(h.seg.on_publish_start(false));
    const auto audio = audio_only();
    const auto frames = make_stream(0, 2'000'000, audio);
    h.feed_and_end(frames);
    for (const auto& s : h.closed) CHECK(s->bytes.size() <= o.max_segment_bytes);
    CHECK(h.seg.stats().forced_cuts == h.closed.size() - 1);
    CHECK(segment_frames(h.closed) == concat(frames));
    CHECK(h.problems.empty());
}

TEST_CASE("a larger PSI set while a segment is open does not let it pass max_segment_bytes", "[hls][segmenter]") {
    auto o = options(3000, 6);
    o.max_segment_bytes = 2 * packet + 3 * packet;
    harness h(o);
    REQUIRE_FALSE(h.seg.on_publish_start(false));
    const auto audio = audio_only();
    const auto frames = make_stream(0, 500'000, audio);
    h.feed({frames[0]});
    // Four packets of PSI from the next segment on: the open one still holds the old two.
    std::vector<std::byte> big(4 * packet, std::byte{0x47});
    h.seg.set_psi(lal::payload::adopt(std::move(big)));
    h.feed({frames.begin() + 1, frames.end()});
    h.seg.on_publish_end(0);
    h.drain();
    REQUIRE(h.closed.size() > 2);
    CHECK(h.closed[0]->bytes.size() == 5 * packet);
    for (const auto& s : h.closed) CHECK(s->bytes.size() <= std::max(o.max_segment_bytes, 5 * packet));
    // Later segments: the big PSI and one frame each.
    CHECK(h.closed[1]->bytes.size() == 5 * packet);
}

TEST_CASE("the window keeps three target durations even when fragment_num is smaller", "[hls][segmenter]") {
    harness h(options(3000, 2));
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    h.feed(make_stream(0, 30'000'000));
    h.drain();
    CHECK_CLEAN(h);
    // RFC 8216 6.2.2: 3 x 3 s, so three segments of 3 s stay listed.
    CHECK(h.seg.window().size() == 3);
}

TEST_CASE("cleanup modes decide which files to delete and when", "[hls][segmenter][cleanup]") {
    SECTION("never") {
        harness h(options(3000, 3));
        REQUIRE_FALSE(h.seg.on_publish_start(true));
        h.feed(make_stream(0, 40'000'000));
        h.seg.on_publish_end(0);
        h.drain();
        CHECK_FALSE(h.evicted.empty());
        CHECK(h.deletions.empty());
    }
    SECTION("asap: each segment once out of the window and delete_threshold") {
        auto o = options(3000, 3);
        o.cleanup = hls::cleanup_mode::asap;
        o.delete_threshold = 2;
        harness h(o);
        REQUIRE_FALSE(h.seg.on_publish_start(true));
        h.feed(make_stream(0, 40'000'000));
        h.drain();
        CHECK(h.seg.in_memory().size() == 5);
        REQUIRE(h.deletions.size() == h.evicted.size());
        REQUIRE(h.deletions.size() == h.closed.size() - 5);
        for (std::size_t i = 0; i < h.deletions.size(); ++i) {
            CHECK(h.deletions[i].names == std::vector<std::string>{h.closed[i]->name});
            // Decided when segment i + 5 closed, at its wall clock.
            CHECK(h.deletions[i].not_before_ms == 1'796'611'644'000 + (h.closed[i + 5]->start_dts + 3'000'000) / 1000);
        }
        h.seg.on_publish_end(0);
        h.drain();
        CHECK(h.deletions.size() == h.evicted.size());
    }
    SECTION("at stream end: every file, a window and threshold later") {
        auto o = options(3000, 3);
        o.cleanup = hls::cleanup_mode::at_stream_end;
        o.record_playlist = true;
        harness h(o);
        REQUIRE_FALSE(h.seg.on_publish_start(true));
        h.feed(make_stream(0, 40'000'000));
        h.drain();
        CHECK(h.deletions.empty());
        h.seg.on_publish_end(5'000'000);
        h.drain();
        REQUIRE(h.deletions.size() == 1);
        std::vector<std::string> expected;
        for (const auto& s : h.closed) expected.push_back(s->name);
        expected.emplace_back("playlist.m3u8");
        expected.emplace_back("record.m3u8");
        CHECK(h.deletions[0].names == expected);
        // lal-Go: fragment_duration_ms x (fragment_num + delete_threshold), threshold 0 = fragment_num.
        CHECK(h.deletions[0].not_before_ms == 5'000'000 + 3000 * (3 + 3));
    }
}

TEST_CASE("options are validated", "[hls][segmenter]") {
    CHECK(hls::segmenter::create(options()));
    auto bad = [](auto change) {
        auto o = options();
        change(o);
        return hls::segmenter::create(o).error();
    };
    CHECK(bad([](auto& o) { o.fragment_num = 0; }) == hls::errc::bad_options);
    CHECK(bad([](auto& o) { o.fragment_duration_ms = 0; }) == hls::errc::bad_options);
    CHECK(bad([](auto& o) { o.stream_name = ""; }) == hls::errc::bad_options);
    CHECK(bad([](auto& o) { o.stream_name = "a/b"; }) == hls::errc::bad_options);
    CHECK(bad([](auto& o) { o.stream_name = ".."; }) == hls::errc::bad_options);
    CHECK(bad([](auto& o) { o.stream_name = "a\nb"; }) == hls::errc::bad_options);
    CHECK(hls::effective_delete_threshold(options(3000, 6)) == 6);
    CHECK(hls::effective_max_fragment_ms(options(3000, 6)) == 12000);
    auto o = options();
    o.max_fragment_duration_ms = 1000;
    CHECK(hls::effective_max_fragment_ms(o) == 3000);
    CHECK(std::string(hls::make_error_code(hls::errc::stream_ended).category().name()) == "lal.hls");
}
