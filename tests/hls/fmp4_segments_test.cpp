// SPDX-License-Identifier: MIT
// The segmenter with segment_format::fmp4: .m4s names, no PSI, EXT-X-MAP
// where the init segment changes, version 7, every playlist checked.
#include <catch2/catch.hpp>

#include <string>

#include <lal/hls/segmenter.hpp>

#include "hls_fixtures.hpp"

using namespace lal::test::hls;
namespace hls = lal::hls;

namespace {
std::string text_of(const lal::payload& p) { return std::string(lal::as_string_view(p.bytes())); }
std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("fMP4 segments are .m4s under EXT-X-MAP in a version 7 playlist", "[hls][segmenter][fmp4]") {
    auto o = options(1000, 20);
    o.format = hls::segment_format::fmp4;
    o.record_playlist = true;
    harness h(o);
    REQUIRE_FALSE(h.seg.on_publish_start(true));
    const auto frames = make_stream(0, 12'000'000);
    // Frames are dropped until the init segment is named.
    h.seg.on_frame(frames.front(), 1'796'611'644'000);
    CHECK(h.seg.stats().dropped_frames == 1);
    h.seg.set_map("test-1-init.mp4");
    std::size_t half = frames.size() / 2;
    h.feed({frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(half)});
    // A new init segment (say, a new SPS) from the next segment on.
    h.seg.set_map("test-2-init.mp4");
    h.feed({frames.begin() + static_cast<std::ptrdiff_t>(half), frames.end()});
    h.seg.on_publish_end(1'796'611'700'000);
    h.drain();
    INFO(h.report());
    CHECK(h.problems.empty());
    REQUIRE(h.closed.size() >= 4);
    std::size_t bytes = 0;
    for (const auto& s : h.closed) {
        CHECK(s->name.ends_with(".m4s"));
        CHECK((s->map_uri == "test-1-init.mp4" || s->map_uri == "test-2-init.mp4"));
        bytes += s->bytes.size();
    }
    // No PSI: the segments are exactly the frames' bytes.
    CHECK(bytes == concat(frames).size());
    for (const auto& text : {text_of(h.seg.playlist()), text_of(h.seg.record_playlist())}) {
        CHECK(text.find("#EXT-X-VERSION:7\n") != std::string::npos);
        CHECK(count_of(text, "#EXT-X-MAP:URI=\"test-1-init.mp4\"\n") == 1);
        CHECK(count_of(text, "#EXT-X-MAP:URI=\"test-2-init.mp4\"\n") == 1);
        CHECK(text.find(".ts\n") == std::string::npos);
        // The map comes before the first segment it covers.
        CHECK(text.find("#EXT-X-MAP") < text.find("#EXTINF"));
    }
}
