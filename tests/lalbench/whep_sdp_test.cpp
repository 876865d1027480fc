// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <lal/webrtc/offer_answer.hpp>

#include "whep_sdp.hpp"

namespace {

const lalbench::whep_offer_params player{"Pl4y", "aaaaaaaaaaaaaaaaaaaaaaaa",
                                         "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:F2:B7:BA:2D:"
                                         "0A:3F:14:7A:6C:12:0E"};

// What lal's server answers for a source of H.264 `profile` and Opus audio.
lal::webrtc::answer_options server(std::uint8_t profile) {
    return {.dir = lal::webrtc::direction::send,
            .ice = {"srv1", "bbbbbbbbbbbbbbbbbbbbbbbb"},
            .fingerprint = "01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20",
            .candidates = {{"127.0.0.1", 4888}},
            .video = lal::webrtc::video_source{lal::media::codec_id::h264, profile, 0x00, 0x1f},
            .audio = lal::webrtc::audio_source{lal::media::codec_id::opus},
            .av1 = std::nullopt,
            .video_ssrc = 1,
            .audio_ssrc = 2};
}

std::string replace(std::string s, std::string_view from, std::string_view to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("WHEP URLs name the HTTP server and the endpoint's path", "[lalbench][whep]") {
    auto t = lalbench::parse_whep_target("whep://127.0.0.1:8080/live/test", false);
    REQUIRE(t);
    CHECK(t->host == "127.0.0.1");
    CHECK(t->port == 8080);
    CHECK(t->path == "/whep/live/test");
    auto h = lalbench::parse_whep_target("http://[::1]/webrtc/whep?streamid=test", true);
    REQUIRE(h);
    CHECK(h->host == "::1");
    CHECK(h->port == 80);
    CHECK(h->path == "/webrtc/whep?streamid=test");
    // whep:// needs the port (there is no WHEP default) and exactly app/stream.
    for (auto bad : {"whep://127.0.0.1/live/test", "whep://127.0.0.1:8080/live", "whep://127.0.0.1:8080/live/",
                     "whep://127.0.0.1:8080/a/b/c", "whep://127.0.0.1:8080/live/t?x=1", "whep://:8080/live/t",
                     "http://127.0.0.1:8080/live/t", "whep://127.0.0.1:99999/live/t"}) {
        CHECK_FALSE(lalbench::parse_whep_target(bad, false));
    }
    CHECK_FALSE(lalbench::parse_whep_target("whep://127.0.0.1:8080/live/t", true));
    CHECK_FALSE(lalbench::parse_whep_target("http://127.0.0.1:8080", true));
}

TEST_CASE("lal's answerer takes the offer and the player reads its answer", "[lalbench][whep]") {
    const auto offer = lalbench::make_whep_offer(player);
    // Each source profile finds its H.264 format among those offered (RFC 6184 8.1).
    for (std::uint8_t profile : {0x42, 0x4d, 0x64}) {
        auto n = lal::webrtc::answer_offer(offer, server(profile));
        REQUIRE(n);
        CHECK(n->remote_ice.ufrag == player.ufrag);
        CHECK(n->remote_ice.pwd == player.pwd);
        CHECK(n->remote_fingerprint == player.fingerprint);
        std::string error;
        auto a = lalbench::parse_whep_answer(n->answer, error);
        INFO(error);
        REQUIRE(a);
        CHECK(a->ufrag == "srv1");
        CHECK(a->pwd == "bbbbbbbbbbbbbbbbbbbbbbbb");
        CHECK(a->fingerprint == server(profile).fingerprint);
        CHECK(a->address == "127.0.0.1");
        CHECK(a->port == 4888);
        REQUIRE(a->video_pt);
        REQUIRE(a->audio_pt);
        CHECK(*a->audio_pt == 111);
        const int expected_pt = profile == 0x42 ? 102 : profile == 0x4d ? 104 : 106;
        CHECK(*a->video_pt == expected_pt);
    }
}

TEST_CASE("a WHEP answer the player cannot use fails with what is missing", "[lalbench][whep]") {
    auto n = lal::webrtc::answer_offer(lalbench::make_whep_offer(player), server(0x42));
    REQUIRE(n);
    const auto good = n->answer;
    struct bad_case {
        std::string sdp;
        std::string says;
    };
    const bad_case cases[] = {
        {"", "answer SDP"},
        {"not sdp at all", "answer SDP"},
        {replace(replace(good, "a=ice-pwd:", "a=x-pwd:"), "a=ice-pwd:", "a=x-pwd:"), "ice-ufrag/ice-pwd"},
        {replace(replace(good, "a=fingerprint:sha-256", "a=fingerprint:sha-1"), "a=fingerprint:sha-256",
                 "a=fingerprint:sha-1"),
         "sha-256 fingerprint"},
        {replace(replace(good, "typ host", "typ"), "typ host", "typ"), "no UDP host candidate"},
        {replace(replace(good, "4888 typ", "0 typ"), "4888 typ", "0 typ"), "no UDP host candidate"},
        {replace(replace(good, "H264/90000", "VP8/90000"), "opus/48000/2", "PCMU/8000"), "neither H.264"},
    };
    for (const auto& c : cases) {
        std::string error;
        CHECK_FALSE(lalbench::parse_whep_answer(c.sdp, error));
        INFO(error);
        CHECK(error.find(c.says) != std::string::npos);
    }
    // Every truncation of a good answer is refused or read, never out of bounds.
    for (std::size_t cut = 0; cut < good.size(); cut += 7) {
        std::string error;
        auto a = lalbench::parse_whep_answer(good.substr(0, cut), error);
        CHECK((a.has_value() || !error.empty()));
    }
}
