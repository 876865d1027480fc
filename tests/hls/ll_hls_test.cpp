// SPDX-License-Identifier: MIT
// Low-Latency HLS (RFC 8216bis): partial segments of the fMP4 segmenter, the
// LL-HLS tags of its playlist, the preload hint and blocking reload states.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include <lal/hls/error.hpp>
#include <lal/hls/segmenter.hpp>

#include "hls_fixtures.hpp"

using namespace lal::test::hls;
namespace hls = lal::hls;

namespace {

std::string text_of(const lal::payload& p) { return std::string(lal::as_string_view(p.bytes())); }

/// One EXT-X-PART line of a playlist.
struct listed_part {
    std::int64_t duration_ms = 0;
    std::string uri;
    bool independent = false;
};

/// The EXT-X-PART lines of `text`, in order.
std::vector<listed_part> parts_of(const std::string& text) {
    std::vector<listed_part> out;
    const std::string tag = "#EXT-X-PART:DURATION=";
    for (auto at = text.find(tag); at != std::string::npos; at = text.find(tag, at + 1)) {
        const auto end = text.find('\n', at);
        const auto line = text.substr(at + tag.size(), end - at - tag.size());
        listed_part p;
        p.duration_ms = std::llround(std::strtod(line.c_str(), nullptr) * 1000);
        const auto u = line.find("URI=\"");
        p.uri = line.substr(u + 5, line.find('"', u + 5) - u - 5);
        p.independent = line.find(",INDEPENDENT=YES") != std::string::npos;
        out.push_back(p);
    }
    return out;
}

/// The last non-empty line of `text`.
std::string last_line(const std::string& text) {
    auto end = text.find_last_not_of('\n');
    return text.substr(text.rfind('\n', end) + 1, end - text.rfind('\n', end));
}

hls::segmenter_options ll_options(std::uint32_t fragment_ms = 1000, std::uint32_t part_ms = 200) {
    auto o = options(fragment_ms, 6);
    o.format = hls::segment_format::fmp4;
    o.part_duration_ms = part_ms;
    return o;
}

/// 25 fps video with a key frame every second, and AAC audio.
stream_shape one_second_gop() {
    stream_shape s;
    s.key_every = 25;
    return s;
}

/// The parts the segmenter still holds of segment `sequence`, in order.
std::vector<hls::part_ptr> held_parts(const hls::segmenter& seg, std::uint64_t sequence) {
    std::vector<hls::part_ptr> out;
    for (const auto& p : seg.parts()) {
        if (p->sequence == sequence) out.push_back(p);
    }
    return out;
}

/// A harness of fMP4 LL-HLS segments named by map "test-1-init.mp4".
struct ll_harness : harness {
    explicit ll_harness(hls::segmenter_options o) : harness(std::move(o)) {
        seg.set_map("test-1-init.mp4");
        REQUIRE_FALSE(seg.on_publish_start(true));
    }
};

}  // namespace

TEST_CASE("LL-HLS parts: whole frames under PART-TARGET, independent at key frames, concatenated into the segment",
          "[hls][llhls]") {
    ll_harness h(ll_options());
    const auto frames = make_stream(0, 6'000'000, one_second_gop());
    h.feed(frames);
    CHECK_CLEAN(h);
    REQUIRE(h.closed.size() >= 4);
    REQUIRE(h.seg.stats().parts >= 20);
    for (const auto& s : h.closed) {
        const auto mine = held_parts(h.seg, s->sequence);
        if (mine.empty()) continue;  // pruned: older than the listed range
        REQUIRE(mine.front()->index == 0);
        std::vector<std::byte> joined;
        lal::media::micros total = 0;
        for (std::size_t i = 0; i < mine.size(); ++i) {
            const auto& p = *mine[i];
            CHECK(p.index == i);
            CHECK(p.duration > 0);
            CHECK(p.duration <= 200'000);  // RFC 8216bis 4.4.4.9: never above PART-TARGET
            // 85 % of PART-TARGET but for independent and last parts; at 25 fps five frames, 200 ms.
            if (i + 1 < mine.size() && !p.independent) CHECK(p.duration >= 170'000);
            if (i + 1 < mine.size()) CHECK(p.duration == 200'000);
            // Only the part that starts the segment starts with the key frame (one GOP a segment).
            CHECK(p.independent == (i == 0));
            total += p.duration;
            const auto b = p.bytes.bytes();
            joined.insert(joined.end(), b.begin(), b.end());
        }
        CHECK(total == s->duration);
        const auto sb = s->bytes.bytes();
        CHECK(std::vector<std::byte>(sb.begin(), sb.end()) == joined);
    }
}

TEST_CASE("LL-HLS parts at 30 fps hold six frames: 85 % of PART-TARGET or more (RFC 8216bis 4.4.4.9)", "[hls][llhls]") {
    // 30 key frames of 33.333 us come to 999.99 ms: a 900 ms fragment cuts at each.
    ll_harness h(ll_options(900));
    stream_shape s = one_second_gop();
    s.video_step = 33'333;
    s.key_every = 30;
    h.feed(make_stream(0, 4'000'000, s));
    CHECK_CLEAN(h);
    REQUIRE(h.closed.size() >= 2);
    for (const auto& seg : h.closed) {
        const auto mine = held_parts(h.seg, seg->sequence);
        for (std::size_t i = 0; i + 1 < mine.size(); ++i) {
            CHECK(mine[i]->duration <= 200'000);
            CHECK(mine[i]->duration >= 199'000);  // six frames of 33.3 ms, not five (166.7 ms, 83 %)
        }
    }
}

TEST_CASE("the LL-HLS playlist: PART-INF, SERVER-CONTROL, parts of the last three target durations, the hint last",
          "[hls][llhls]") {
    ll_harness h(ll_options());
    // 6.3 s: the open segment holds a complete part.
    h.feed(make_stream(0, 6'300'000, one_second_gop()));
    CHECK_CLEAN(h);
    const auto text = text_of(h.seg.playlist());
    INFO(text);
    CHECK(text.find("#EXT-X-VERSION:9\n") != std::string::npos);
    CHECK(text.find("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600\n") != std::string::npos);
    CHECK(text.find("#EXT-X-PART-INF:PART-TARGET=0.200\n") != std::string::npos);
    // PART-INF comes before the first part (RFC 8216bis 4.4.3.7).
    CHECK(text.find("#EXT-X-PART-INF") < text.find("#EXT-X-PART:"));
    const auto hint = h.seg.next_part_name();
    REQUIRE_FALSE(hint.empty());
    CHECK(last_line(text) == "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + hint + "\"");
    const auto listed = parts_of(text);
    REQUIRE_FALSE(listed.empty());
    // Parts of the open segment come after the last EXTINF; the segments whose
    // parts are listed cover three target durations (3 s) back from the edge.
    const auto after_last = text.substr(text.rfind("#EXTINF"));
    CHECK(after_last.find("#EXT-X-PART:") != std::string::npos);
    std::int64_t listed_ms = 0;
    for (const auto& p : listed) {
        CHECK(p.duration_ms <= 200);
        CHECK(h.seg.find_part(p.uri) != nullptr);
        listed_ms += p.duration_ms;
    }
    CHECK(listed_ms >= 3000);
    CHECK(listed_ms < 5000);
    // The first listed part of each segment is independent (each starts with its key frame).
    CHECK(listed.front().independent);
    // The playlist lists every window segment; the window is whole segments.
    CHECK(h.live.last().segments.size() == h.seg.window().size());

    // The hinted part becomes the next part, under that name.
    CHECK(h.seg.find_part(hint) == nullptr);
    h.feed(make_stream(6'300'000, 400'000, one_second_gop(), 100'000));
    const auto made = h.seg.find_part(hint);
    REQUIRE(made != nullptr);
    CHECK(text_of(h.seg.playlist()).find("URI=\"" + hint + "\"") != std::string::npos);

    // The end: no hint, ENDLIST last.
    h.seg.on_publish_end(0);
    h.drain();
    CHECK_CLEAN(h);
    const auto ended = text_of(h.seg.playlist());
    CHECK(ended.find("PRELOAD-HINT") == std::string::npos);
    CHECK(last_line(ended) == "#EXT-X-ENDLIST");
    CHECK(h.seg.next_part_name().empty());
}

TEST_CASE("blocking reload: ready once the part or a later one exists, wait before, too far beyond the edge",
          "[hls][llhls]") {
    ll_harness h(ll_options());
    using hls::reload_state;
    CHECK(h.seg.reload(0, 0) == reload_state::wait);
    CHECK(h.seg.reload(3, std::nullopt) == reload_state::too_far);
    // 1.1 s: segment 0 closed (one second), segment 1 has no complete part yet.
    h.feed(make_stream(0, 1'100'000, one_second_gop()));
    REQUIRE(h.closed.size() == 1);
    const auto parts0 = static_cast<std::uint32_t>(h.seg.parts().size());
    REQUIRE(parts0 >= 5);
    CHECK(h.seg.reload(0, std::nullopt) == reload_state::ready);
    CHECK(h.seg.reload(1, std::nullopt) == reload_state::wait);
    CHECK(h.seg.reload(0, parts0 - 1) == reload_state::ready);
    // A part index past the last part of segment 0 means segment 1's first part.
    CHECK(h.seg.reload(0, parts0) == reload_state::wait);
    CHECK(h.seg.reload(1, 0) == reload_state::wait);
    CHECK(h.seg.reload(2, 0) == reload_state::wait);
    // RFC 8216bis 6.2.5.2: the last listed segment (0) plus two at most.
    CHECK(h.seg.reload(3, 0) == reload_state::too_far);
    // The first part of segment 1 completes.
    h.feed(make_stream(1'100'000, 200'000, one_second_gop(), 100'000));
    CHECK(h.seg.reload(1, 0) == reload_state::ready);
    CHECK(h.seg.reload(0, parts0) == reload_state::ready);
    CHECK(h.seg.reload(1, 1) == reload_state::wait);
    CHECK(h.seg.reload(1, 3) == reload_state::wait);
    CHECK(h.seg.reload(1, 4) == reload_state::too_far);  // RFC 8216bis 6.2.5.2: three parts ahead at most
    CHECK(h.seg.reload(3, 0) == reload_state::wait);
    CHECK(h.seg.reload(4, 0) == reload_state::too_far);
    h.seg.on_publish_end(0);
    CHECK(h.seg.reload(1, 3) == reload_state::ready);  // ended: the final playlist at once
}

TEST_CASE("LL-HLS audio-only parts are all independent, and parts need fMP4", "[hls][llhls]") {
    ll_harness h(ll_options(1000, 100));
    h.feed(make_stream(0, 3'000'000, audio_only()));
    CHECK_CLEAN(h);
    REQUIRE(h.seg.parts().size() >= 10);
    for (const auto& p : h.seg.parts()) {
        CHECK(p->independent);
        CHECK(p->duration <= 100'000);
        CHECK(p->duration >= 60'000);
    }
    auto ts = options(1000, 6);
    ts.part_duration_ms = 200;
    CHECK(hls::segmenter::create(ts).error() == hls::errc::bad_options);
    auto too_long = ll_options(1000, 1001);
    CHECK(hls::segmenter::create(too_long).error() == hls::errc::bad_options);
    CHECK(hls::segmenter::create(ll_options(1000, 5)).error() == hls::errc::bad_options);
    CHECK(hls::segmenter::create(ll_options(1000, 1000)).has_value());
}
