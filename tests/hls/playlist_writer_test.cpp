// SPDX-License-Identifier: MIT
// The media playlist text and the program date-time format, byte for byte.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/hls/playlist_writer.hpp>
#include <lal/hls/program_date_time.hpp>
#include <lal/hls/segment.hpp>

#include "hls_playlist.hpp"

namespace hls = lal::hls;

TEST_CASE("program date-times are RFC 3339 UTC with milliseconds", "[hls][playlist]") {
    CHECK(hls::format_program_date_time(1'796'611'644'123) == "2026-12-07T02:47:24.123Z");
    CHECK(hls::format_program_date_time(0) == "1970-01-01T00:00:00.000Z");
    CHECK(hls::format_program_date_time(951'782'400'000) == "2000-02-29T00:00:00.000Z");
    CHECK(hls::format_program_date_time(-1500) == "1969-12-31T23:59:58.500Z");
    // Out of RFC 3339's four-digit years: clamped.
    CHECK(hls::format_program_date_time(INT64_MAX) == "9999-12-31T23:59:59.999Z");
    CHECK(hls::format_program_date_time(INT64_MIN) == "0001-01-01T00:00:00.000Z");
}

TEST_CASE("durations round to milliseconds, then to seconds half up", "[hls][playlist]") {
    CHECK(hls::duration_ms(2'999'499) == 2999);
    CHECK(hls::duration_ms(2'999'500) == 3000);
    CHECK(hls::rounded_seconds(3499) == 3);
    CHECK(hls::rounded_seconds(3500) == 4);
}

TEST_CASE("a live playlist has its header, per-segment tags and no ENDLIST", "[hls][playlist]") {
    hls::playlist_header h;
    h.target_duration_s = 4;
    h.media_sequence = 12;
    h.discontinuity_sequence = 2;
    std::vector<hls::playlist_entry> e{{"s-1-12.ts", 3960, false, 1'796'611'644'000, {}, {}, true},
                                       {"s-2-13.ts", 4000, true, 0, {}, {}, true}};
    CHECK(hls::write_media_playlist(h, e) ==
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:12\n"
          "#EXT-X-DISCONTINUITY-SEQUENCE:2\n"
          "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T02:47:24.000Z\n#EXTINF:3.960,\ns-1-12.ts\n"
          "#EXT-X-DISCONTINUITY\n"
          "#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z\n#EXTINF:4.000,\ns-2-13.ts\n");
}

TEST_CASE("ended and typed playlists carry EXT-X-PLAYLIST-TYPE and EXT-X-ENDLIST", "[hls][playlist]") {
    hls::playlist_header h;
    h.target_duration_s = 3;
    h.type = hls::playlist_type::vod;
    h.ended = true;
    std::vector<hls::playlist_entry> e{{"a.ts", 40, false, 0, {}, {}, true}};
    const auto text = hls::write_media_playlist(h, e);
    CHECK(text ==
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n"
          "#EXT-X-PLAYLIST-TYPE:VOD\n"
          "#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z\n#EXTINF:0.040,\na.ts\n#EXT-X-ENDLIST\n");
    std::vector<std::string> problems;
    auto p = lal::test::hls::parse_media_playlist(text, problems);
    CHECK(problems.empty());
    CHECK(p.ended);
    CHECK(p.type == "VOD");
    h.type = hls::playlist_type::event;
    h.ended = false;
    CHECK(hls::write_media_playlist(h, {}).find("#EXT-X-PLAYLIST-TYPE:EVENT\n") != std::string::npos);
}
