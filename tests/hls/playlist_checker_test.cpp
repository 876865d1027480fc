// SPDX-License-Identifier: MIT
// The tests' playlist checker (tests/support/hls_playlist_checker.hpp) must
// pass good playlists and reject each RFC 8216 rule's violation, alone and
// across fetches.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "hls_playlist_checker.hpp"

using lal::test::hls::parse_media_playlist;
using lal::test::hls::playlist_checker;

namespace {

struct seg {
    std::string uri;
    std::string duration = "3.000";
    bool discontinuity = false;
};

// A playlist with the usual header and `segs`.
std::string playlist(std::uint64_t sequence, std::vector<seg> segs, std::uint64_t discontinuity_sequence = 0,
                     int target = 3, bool ended = false, std::string type = "") {
    std::string s = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + std::to_string(target) +
                    "\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(sequence) + "\n";
    if (discontinuity_sequence) s += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(discontinuity_sequence) + "\n";
    if (!type.empty()) s += "#EXT-X-PLAYLIST-TYPE:" + type + "\n";
    for (const auto& g : segs) {
        if (g.discontinuity) s += "#EXT-X-DISCONTINUITY\n";
        s += "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T02:47:24.123Z\n#EXTINF:" + g.duration + ",\n" + g.uri + "\n";
    }
    if (ended) s += "#EXT-X-ENDLIST\n";
    return s;
}

std::vector<std::string> problems_of(std::string_view text) {
    std::vector<std::string> problems;
    (void)parse_media_playlist(text, problems);
    return problems;
}

bool mentions(const std::vector<std::string>& problems, std::string_view section) {
    for (const auto& p : problems) {
        if (p.find(section) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a well-formed live playlist parses with its sequence numbers and passes", "[hls][checker]") {
    std::vector<std::string> problems;
    auto p = parse_media_playlist(playlist(7, {{"a.ts"}, {"b.ts", "2.500", true}}, 2), problems);
    CHECK(problems.empty());
    CHECK(p.version == 3);
    CHECK(p.target_duration == 3);
    CHECK(p.media_sequence == 7);
    CHECK(p.discontinuity_sequence == 2);
    REQUIRE(p.segments.size() == 2);
    CHECK(p.segments[0].sequence == 7);
    CHECK(p.segments[1].sequence == 8);
    CHECK(p.segments[1].discontinuity);
    CHECK(p.segments[1].duration_s == Approx(2.5));
    CHECK(p.segments[0].program_date_time == "2026-12-07T02:47:24.123Z");
    CHECK_FALSE(p.ended);
}

TEST_CASE("the checker rejects each single-playlist rule's violation", "[hls][checker]") {
    const auto good = playlist(0, {{"a.ts"}});
    CHECK(problems_of(good).empty());
    CHECK(problems_of("#EXTM3U\r\n#EXT-X-TARGETDURATION:3\r\n#EXTINF:3,\r\na.ts\r\n").empty());

    CHECK(mentions(problems_of("\n" + good), "4.3.1.1"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXTINF:3,\na.ts\n"), "4.3.3.1: EXT-X-TARGETDURATION is missing"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3.5\n"), "4.3.3.1"));
    // 3.499 rounds to 3, 3.5 to 4 (RFC 8216 4.3.3.1: rounded to the nearest integer).
    CHECK(problems_of(playlist(0, {{"a.ts", "3.499"}})).empty());
    CHECK(mentions(problems_of(playlist(0, {{"a.ts", "3.500"}})), "4.3.3.1: a.ts lasts 3.500"));
    CHECK(mentions(problems_of(playlist(0, {{"a.ts", "-1"}})), "4.3.2.1: bad EXTINF"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:2.5,\na.ts\n"), "7: decimal"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n"),
                   "4.3.1.2: more than one"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\na.ts\n"), "4.3.2.1: segment URI without EXTINF"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n#EXTINF:3,\na.ts\n"),
                   "4.3.2.1: two EXTINF"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n"), "4.3.2.1: EXTINF without a URI"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\na.ts\n#EXT-X-MEDIA-SEQUENCE:4\n"),
                   "4.3.3.2"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXT-X-DISCONTINUITY\n"
                               "#EXT-X-DISCONTINUITY-SEQUENCE:1\n#EXTINF:3,\na.ts\n"),
                   "4.3.3.3"));
    CHECK(mentions(problems_of(playlist(0, {{"a.ts"}}, 0, 3, true) + "#EXTINF:3,\nb.ts\n"), "4.3.3.4"));
    CHECK(mentions(problems_of(playlist(0, {{"a.ts"}}, 0, 3, false, "LIVE")), "4.3.3.5"));
    CHECK(mentions(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07 02:47:24Z\n"
                               "#EXTINF:3,\na.ts\n"),
                   "4.3.2.6"));
    CHECK(problems_of("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07T02:47:24+01:00\n"
                      "#EXTINF:3,\na.ts\n")
              .empty());
}

TEST_CASE("a window sliding by whole segments with discontinuities leaving it passes", "[hls][checker]") {
    playlist_checker c;
    CHECK(c.check(playlist(0, {{"a.ts"}, {"b.ts", "3.000", true}, {"c.ts"}})).empty());
    CHECK(c.check(playlist(0, {{"a.ts"}, {"b.ts", "3.000", true}, {"c.ts"}, {"d.ts"}})).empty());
    CHECK(c.check(playlist(1, {{"b.ts", "3.000", true}, {"c.ts"}, {"d.ts"}, {"e.ts"}})).empty());
    // b.ts carried the discontinuity: removing it advances the discontinuity sequence.
    CHECK(c.check(playlist(2, {{"c.ts"}, {"d.ts"}, {"e.ts"}, {"f.ts"}}, 1)).empty());
    CHECK(c.check(playlist(2, {{"c.ts"}, {"d.ts"}, {"e.ts"}, {"f.ts"}}, 1, 3, true)).empty());
    CHECK(c.check(playlist(2, {{"c.ts"}, {"d.ts"}, {"e.ts"}, {"f.ts"}}, 1, 3, true)).empty());
    CHECK(c.fetches() == 6);
    CHECK(c.history().size() == 6);
}

TEST_CASE("the checker rejects each rule's violation across fetches", "[hls][checker]") {
    const auto first = playlist(5, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}});
    auto after = [&](const std::string& second, playlist_checker c = playlist_checker{}) {
        REQUIRE(c.check(first).empty());
        return c.check(second);
    };
    SECTION("media sequence going back") {
        CHECK(mentions(after(playlist(4, {{"z.ts"}, {"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}})), "6.2.2: EXT-X-MEDIA-SEQUENCE went back"));
    }
    SECTION("a segment renumbered (the window slid without the sequence)") {
        CHECK(mentions(after(playlist(5, {{"b.ts"}, {"c.ts"}, {"d.ts"}, {"e.ts"}})), "6.2.1: segment 5 changed"));
    }
    SECTION("a URI listed under two sequence numbers") {
        CHECK(mentions(after(playlist(6, {{"b.ts"}, {"c.ts"}, {"d.ts"}, {"a.ts"}})), "6.2.1: a.ts was segment 5"));
    }
    SECTION("a segment's duration changed") {
        CHECK(mentions(after(playlist(5, {{"a.ts"}, {"b.ts", "2.000"}, {"c.ts"}, {"d.ts"}})), "segment 6 changed"));
    }
    SECTION("a discontinuity added to a published segment") {
        CHECK(mentions(after(playlist(5, {{"a.ts"}, {"b.ts", "3.000", true}, {"c.ts"}, {"d.ts"}})), "segment 6 changed"));
    }
    SECTION("a discontinuity left without advancing the discontinuity sequence") {
        playlist_checker c;
        REQUIRE(c.check(playlist(0, {{"a.ts", "3.000", true}, {"b.ts"}, {"c.ts"}, {"d.ts"}})).empty());
        CHECK(mentions(c.check(playlist(1, {{"b.ts"}, {"c.ts"}, {"d.ts"}, {"e.ts"}})), "6.2.2: EXT-X-DISCONTINUITY-SEQUENCE is 0, expected 1"));
    }
    SECTION("the discontinuity sequence advanced though no discontinuity left") {
        CHECK(mentions(after(playlist(6, {{"b.ts"}, {"c.ts"}, {"d.ts"}, {"e.ts"}}, 1)), "expected 0"));
    }
    SECTION("the discontinuity sequence going back") {
        playlist_checker c;
        REQUIRE(c.check(playlist(0, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 2)).empty());
        CHECK(mentions(c.check(playlist(0, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 1)), "went back"));
    }
    SECTION("EXT-X-ENDLIST removed") {
        playlist_checker c;
        REQUIRE(c.check(playlist(5, {{"a.ts"}}, 0, 3, true)).empty());
        CHECK(mentions(c.check(playlist(5, {{"a.ts"}, {"b.ts"}})), "6.2.1: EXT-X-ENDLIST was removed"));
    }
    SECTION("a playlist changed after EXT-X-ENDLIST") {
        playlist_checker c;
        REQUIRE(c.check(playlist(5, {{"a.ts"}, {"b.ts"}, {"c.ts"}}, 0, 3, true)).empty());
        CHECK(mentions(c.check(playlist(5, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 3, true)), "changed after EXT-X-ENDLIST"));
    }
    SECTION("the target duration changed") {
        CHECK(mentions(after(playlist(5, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 4)), "6.2.1: EXT-X-TARGETDURATION changed from 3 to 4"));
        // Relaxed: growth passes, shrinking does not.
        playlist_checker::settings relaxed;
        relaxed.target_may_grow = true;
        CHECK(after(playlist(5, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 4), playlist_checker{relaxed}).empty());
        CHECK(mentions(after(playlist(5, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 2, false), playlist_checker{relaxed}),
                       "changed from 3 to 2"));
    }
    SECTION("a removal leaving less than three target durations") {
        CHECK(mentions(after(playlist(7, {{"c.ts"}, {"d.ts"}})), "6.2.2: segments removed leaving"));
        CHECK(after(playlist(6, {{"b.ts"}, {"c.ts"}, {"d.ts"}})).empty());
    }
    SECTION("the version changed") {
        auto v4 = first;
        v4.replace(v4.find("VERSION:3"), 9, "VERSION:4");
        CHECK(mentions(after(v4), "4.3.1.2: EXT-X-VERSION changed"));
    }
}

TEST_CASE("EVENT playlists only grow, and may end as VOD", "[hls][checker]") {
    playlist_checker c;
    CHECK(c.check(playlist(0, {{"a.ts"}}, 0, 3, false, "EVENT")).empty());
    CHECK(c.check(playlist(0, {{"a.ts"}, {"b.ts"}}, 0, 3, false, "EVENT")).empty());
    CHECK(c.check(playlist(0, {{"a.ts"}, {"b.ts"}}, 0, 3, true, "VOD")).empty());
    CHECK(mentions(c.check(playlist(0, {{"a.ts"}, {"b.ts"}, {"c.ts"}}, 0, 3, true, "VOD")), "4.3.3.5: a VOD playlist changed"));

    playlist_checker d;
    CHECK(d.check(playlist(0, {{"a.ts"}, {"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 3, false, "EVENT")).empty());
    CHECK(mentions(d.check(playlist(1, {{"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 3, false, "EVENT")), "4.3.3.5: segments removed"));
    CHECK(mentions(d.check(playlist(1, {{"b.ts"}, {"c.ts"}, {"d.ts"}}, 0, 3, false, "VOD")), "4.3.3.5: an EVENT playlist became 'VOD'"));

    playlist_checker e;
    CHECK(e.check(playlist(0, {{"a.ts"}})).empty());
    CHECK(mentions(e.check(playlist(0, {{"a.ts"}}, 0, 3, false, "EVENT")), "appeared in a live playlist"));
}
