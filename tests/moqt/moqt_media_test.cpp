// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/moqt/media_object.hpp>
#include <lal/moqt/msf_catalog.hpp>
#include <lal/moqt/session.hpp>

#include "hex.hpp"

namespace moqt = lal::moqt;
namespace d20 = lal::moqt::draft20;
using lal::test::hex;
using bytes = std::vector<std::byte>;

TEST_CASE("media objects carry the time as a QUIC varint before the frame", "[moqt][media]") {
    const bytes frame = hex("00 00 00 02 65 88");
    bytes out;
    moqt::append_media_object(0, frame, out);
    CHECK(out == hex("00  00 00 00 02 65 88"));
    out.clear();
    moqt::append_media_object(63, {}, out);
    CHECK(out == hex("3f"));
    out.clear();
    moqt::append_media_object(64, {}, out);  // RFC 9000 A.1: two bytes from 64
    CHECK(out == hex("40 40"));
    out.clear();
    moqt::append_media_object(494878333, {}, out);  // RFC 9000 A.1's four-byte example
    CHECK(out == hex("9d 7f 3e 7d"));
    out.clear();
    moqt::append_media_object(151288809941952652u, frame, out);  // and its eight-byte one
    CHECK(out == hex("c2 19 7c 5e ff 14 e8 8c  00 00 00 02 65 88"));
    out.clear();
    moqt::append_media_object(~std::uint64_t{0}, {}, out);  // clamped to 2^62 - 1
    CHECK(out == hex("ff ff ff ff ff ff ff ff"));
}

TEST_CASE("media groups follow GOPs and audio follows video's group", "[moqt][media]") {
    moqt::media_groups g;
    using loc = d20::location;
    CHECK(!g.video(false, 1));               // nothing decodes before a key frame
    CHECK(g.audio(0, 2) == loc{2, 0});       // audio alone cuts its own groups
    CHECK(g.audio(21'000, 3) == loc{2, 1});
    CHECK(g.video(true, 4) == loc{4, 0});    // a key frame opens a group
    CHECK(g.audio(42'000, 5) == loc{4, 0});  // audio joins it at object 0
    CHECK(g.video(false, 6) == loc{4, 1});
    CHECK(g.audio(64'000, 7) == loc{4, 1});
    CHECK(g.video(true, 8) == loc{8, 0});
    CHECK(g.audio(85'000, 9) == loc{8, 0});
    CHECK(g.video(true, 3) == loc{9, 0});    // ids never go back
    CHECK(g.last_video() == loc{9, 0});
    CHECK(g.last_audio() == loc{8, 0});

    moqt::media_groups a(1'000'000);  // audio only: a group per second
    CHECK(a.audio(0, 10) == loc{10, 0});
    CHECK(a.audio(999'999, 11) == loc{10, 1});
    CHECK(a.audio(1'000'000, 12) == loc{12, 0});
    CHECK(a.audio(500'000, 13) == loc{13, 0});  // time went back (republish): a new group
    CHECK(a.audio(600'000, 13) == loc{13, 1});
}

TEST_CASE("the MSF catalog names tracks, codecs and inline init data", "[moqt][media]") {
    std::vector<moqt::msf_track> tracks(2);
    tracks[0].name = "video";
    tracks[0].role = "video";
    tracks[0].codec = "avc1.64001F";
    tracks[0].init_data = hex("01 64 00 1f");
    tracks[0].width = 1280;
    tracks[0].height = 720;
    tracks[1].name = "audio";
    tracks[1].role = "audio";
    tracks[1].codec = "mp4a.40.2";
    tracks[1].init_data = hex("12 10");
    tracks[1].samplerate = 44100;
    tracks[1].channels = 2;
    tracks[1].bitrate = 128000;
    CHECK(moqt::msf_catalog_json(tracks) ==
          R"({"version":"draft-01","tracks":[)"
          R"({"name":"video","packaging":"legacy","isLive":true,"role":"video","codec":"avc1.64001F",)"
          R"("width":1280,"height":720,"initRef":"init-video"},)"
          R"({"name":"audio","packaging":"legacy","isLive":true,"role":"audio","codec":"mp4a.40.2",)"
          R"("samplerate":44100,"channelConfig":"2","bitrate":128000,"initRef":"init-audio"}],)"
          R"("initDataList":[{"id":"init-video","type":"inline","data":"AWQAHw=="},)"
          R"({"id":"init-audio","type":"inline","data":"EhA="}]})");
    tracks.resize(1);
    tracks[0].name = "a\"b\\\n";
    tracks[0].init_data.clear();
    CHECK(moqt::msf_catalog_json(tracks) ==
          R"({"version":"draft-01","tracks":[{"name":"a\"b\\\u000a","packaging":"legacy","isLive":true,)"
          R"("role":"video","codec":"avc1.64001F","width":1280,"height":720}]})");
    CHECK(moqt::msf_catalog_json({}) == R"({"version":"draft-01","tracks":[]})");
}

TEST_CASE("an abandoned group's stream is reset and the next object opens another", "[moqt][media]") {
    moqt::session s;
    // SETUP, then SUBSCRIBE live/test with no filter.
    REQUIRE(!s.feed_uni(2, hex("af 00 00 03 07 01 78"), false));
    REQUIRE(!s.feed_request(0, hex("03 00 0d  00  01 04 6c 69 76 65  04 74 65 73 74  00"), false));
    while (s.next_event()) {
    }
    REQUIRE(!s.accept_subscribe(0, std::nullopt));
    (void)s.take_output();
    REQUIRE(!s.send_object(0, 1, 0, hex("aa")));
    REQUIRE(!s.abandon_group(0, 0x1));
    REQUIRE(!s.abandon_group(0, 0x1));  // none open: nothing
    REQUIRE(!s.send_object(0, 2, 0, hex("bb")));
    auto out = s.take_output();
    REQUIRE(out.size() == 3);
    CHECK(out[0].stream == 1u);
    CHECK(!out[0].reset);
    CHECK(out[1].stream == 1u);
    CHECK(out[1].reset == 0x1u);
    CHECK(out[2].stream == 2u);
    CHECK(out[2].local);
    CHECK(s.abandon_group(4, 0x1) == moqt::errc::bad_state);
}
