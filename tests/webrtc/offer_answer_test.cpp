// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/sdp/session.hpp>
#include <lal/webrtc/offer_answer.hpp>

namespace webrtc = lal::webrtc;
namespace sdp = lal::sdp;
using lal::media::codec_id;

namespace {

// The shape of a browser's WHEP offer: recvonly audio and video, BUNDLE,
// rtcp-mux, several H.264 profiles with RTX, VP8 first.
const std::string browser_offer =
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:Zq1v\r\n"
    "a=ice-pwd:d0Fg2Xc7qlWq9Jx8m3T0yH1k\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:F2:B7:BA:2D:0A:3F:14:7A:6C:12:0E\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=recvonly\r\n"
    "a=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=rtcp-fb:111 transport-cc\r\n"
    "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:63 red/48000/2\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:13 CN/8000\r\n"
    "a=rtpmap:110 telephone-event/48000\r\n"
    "a=rtpmap:126 telephone-event/8000\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 106 107 112 113\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:Zq1v\r\n"
    "a=ice-pwd:d0Fg2Xc7qlWq9Jx8m3T0yH1k\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:F2:B7:BA:2D:0A:3F:14:7A:6C:12:0E\r\n"
    "a=setup:actpass\r\n"
    "a=mid:1\r\n"
    "a=recvonly\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "a=rtcp-fb:96 nack\r\n"
    "a=rtpmap:97 rtx/90000\r\n"
    "a=fmtp:97 apt=96\r\n"
    "a=rtpmap:102 H264/90000\r\n"
    "a=rtcp-fb:102 goog-remb\r\n"
    "a=rtcp-fb:102 nack\r\n"
    "a=rtcp-fb:102 nack pli\r\n"
    "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n"
    "a=rtpmap:103 rtx/90000\r\n"
    "a=fmtp:103 apt=102\r\n"
    "a=rtpmap:106 H264/90000\r\n"
    "a=rtcp-fb:106 nack\r\n"
    "a=rtcp-fb:106 nack pli\r\n"
    "a=rtcp-fb:106 ccm fir\r\n"
    "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=640032\r\n"
    "a=rtpmap:107 rtx/90000\r\n"
    "a=fmtp:107 apt=106\r\n"
    "a=rtpmap:112 H264/90000\r\n"
    "a=rtcp-fb:112 nack\r\n"
    "a=rtcp-fb:112 nack pli\r\n"
    "a=rtcp-fb:112 ccm fir\r\n"
    "a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f\r\n"
    "a=rtpmap:113 rtx/90000\r\n"
    "a=fmtp:113 apt=112\r\n";

webrtc::answer_options play_options() {
    webrtc::answer_options o;
    o.dir = webrtc::direction::send;
    o.ice = {"lalU", "0123456789abcdefABCDEF01"};
    o.fingerprint = "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF";
    o.candidates = {{"127.0.0.1", 4888}};
    o.video = webrtc::video_source{codec_id::h264, 0x64, 0x00, 0x1e};  // libx264 High
    o.audio = webrtc::audio_source{codec_id::opus};
    o.video_ssrc = 1111;
    o.audio_ssrc = 2222;
    return o;
}

std::string replace(std::string s, std::string_view from, std::string_view to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

std::string remove_all(std::string s, std::string_view line) {
    for (auto at = s.find(line); at != std::string::npos; at = s.find(line)) s.erase(at, line.size());
    return s;
}

}  // namespace

TEST_CASE("A browser's WHEP offer gets H.264 of the source's profile and Opus, sendonly and passive", "[webrtc][sdp]") {
    auto n = webrtc::answer_offer(browser_offer, play_options());
    REQUIRE(n);
    CHECK(n->remote_ice.ufrag == "Zq1v");
    CHECK(n->remote_ice.pwd == "d0Fg2Xc7qlWq9Jx8m3T0yH1k");
    CHECK(n->remote_fingerprint.substr(0, 5) == "4A:AD");
    REQUIRE(n->media.size() == 2);
    CHECK(n->media[0].accepted);
    CHECK(n->media[0].codec == codec_id::opus);
    CHECK(n->media[0].payload_type == 111);
    CHECK(n->media[1].accepted);
    CHECK(n->media[1].codec == codec_id::h264);
    CHECK(n->media[1].payload_type == 112);  // High and mode 1; 106 is mode 0
    CHECK(n->media[1].nack);
    CHECK(n->media[1].pli);
    CHECK(n->media[1].fir);

    auto a = sdp::parse(n->answer);
    REQUIRE(a);
    CHECK(a->attribute("ice-lite"));
    CHECK(a->attribute("group") == "BUNDLE 0 1");
    const auto& v = a->media[1];
    CHECK(v.formats == std::vector<std::string>{"112"});
    CHECK(v.port == 4888);
    CHECK(v.attribute("setup") == "passive");
    CHECK(v.attribute("sendonly"));
    CHECK(v.attribute("rtcp-mux"));
    CHECK(v.attribute("ice-ufrag") == "lalU");
    CHECK(v.attribute("candidate") == "1 1 udp 2130706431 127.0.0.1 4888 typ host");
    CHECK(v.fmtp(112).size() == 3);
    CHECK(v.attribute("ssrc") == "1111 cname:lal");
    CHECK(a->media[0].rtpmap(111)->encoding == "opus");
}

TEST_CASE("An AV1 source is answered AV1/90000 with the av1C's profile, level-idx and tier (AV1 RTP 7.2)", "[webrtc][sdp][av1]") {
    // Chromium offers AV1 profile 0 (fmtp level-idx=5;profile=0;tier=0) and profile 1.
    auto offer = replace(browser_offer, "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102", "m=video 9 UDP/TLS/RTP/SAVPF 96 97 35 45 102");
    offer = replace(offer, "a=rtpmap:102 H264/90000\r\n",
                    "a=rtpmap:35 AV1/90000\r\na=fmtp:35 level-idx=5;profile=1;tier=0\r\n"
                    "a=rtpmap:45 AV1/90000\r\na=rtcp-fb:45 nack\r\na=rtcp-fb:45 nack pli\r\n"
                    "a=fmtp:45 level-idx=5;profile=0;tier=0\r\na=rtpmap:102 H264/90000\r\n");
    auto o = play_options();
    o.video = webrtc::video_source{codec_id::av1, 0, 0, 0};
    o.av1 = webrtc::av1_parameters{0, 8, false};
    auto n = webrtc::answer_offer(offer, o);
    REQUIRE(n);
    REQUIRE(n->media[1].accepted);
    CHECK(n->media[1].codec == codec_id::av1);
    CHECK(n->media[1].payload_type == 45);  // 35 is profile 1 (High): the source is Main
    CHECK(n->media[1].clock_rate == 90000);
    CHECK(n->media[1].pli);
    auto a = sdp::parse(n->answer);
    REQUIRE(a);
    const auto& v = a->media[1];
    CHECK(v.rtpmap(45)->encoding == "AV1");
    CHECK(sdp::fmtp_value(v.fmtp(45), "profile") == "0");
    CHECK(sdp::fmtp_value(v.fmtp(45), "level-idx") == "8");
    CHECK(sdp::fmtp_value(v.fmtp(45), "tier") == "0");
    CHECK(v.attribute("sendonly"));

    // A High-profile source finds 35; without parameters the first AV1 format is taken.
    o.av1 = webrtc::av1_parameters{1, 9, true};
    n = webrtc::answer_offer(offer, o);
    REQUIRE(n);
    CHECK(n->media[1].payload_type == 35);
    o.av1.reset();
    n = webrtc::answer_offer(offer, o);
    REQUIRE(n);
    CHECK(n->media[1].payload_type == 35);

    // An offer without AV1 leaves the video section rejected: the audio alone is answered.
    o.av1 = webrtc::av1_parameters{};
    n = webrtc::answer_offer(browser_offer, o);
    REQUIRE(n);
    CHECK_FALSE(n->media[1].accepted);
    CHECK(n->media[0].accepted);
}

TEST_CASE("An AAC source answers video only, the audio section rejected without codec lines", "[webrtc][sdp]") {
    auto o = play_options();
    o.audio = webrtc::audio_source{codec_id::aac};
    auto n = webrtc::answer_offer(browser_offer, o);
    REQUIRE(n);
    CHECK_FALSE(n->media[0].accepted);
    CHECK(n->media[1].accepted);
    auto a = sdp::parse(n->answer);
    REQUIRE(a);
    CHECK(a->media[0].port == 0);
    CHECK(a->media[0].attributes.size() == 1);  // a=mid only
    CHECK(a->attribute("group") == "BUNDLE 1");
}

TEST_CASE("A G.711 source plays as PCMA, and a Baseline source picks the 42001f format", "[webrtc][sdp]") {
    auto o = play_options();
    o.audio = webrtc::audio_source{codec_id::g711a};
    o.video = webrtc::video_source{codec_id::h264, 0x42, 0xc0, 0x1e};
    auto n = webrtc::answer_offer(browser_offer, o);
    REQUIRE(n);
    CHECK(n->media[0].payload_type == 8);
    CHECK(n->media[0].codec == codec_id::g711a);
    CHECK(n->media[1].payload_type == 102);
}

TEST_CASE("A WHIP offer is answered recvonly with Opus and H.264 and gives the publisher's SSRCs", "[webrtc][sdp]") {
    auto offer = browser_offer;
    offer = remove_all(offer, "a=recvonly\r\n");
    offer = replace(offer, "a=mid:0\r\n", "a=mid:0\r\na=sendonly\r\na=ssrc:3333 cname:x\r\n");
    offer = replace(offer, "a=mid:1\r\n",
                    "a=mid:1\r\na=sendonly\r\na=ssrc-group:FID 4444 5555\r\na=ssrc:4444 cname:x\r\na=ssrc:5555 cname:x\r\n");
    auto o = play_options();
    o.dir = webrtc::direction::receive;
    o.video.reset();
    o.audio.reset();
    auto n = webrtc::answer_offer(offer, o);
    REQUIRE(n);
    CHECK(n->media[0].codec == codec_id::opus);
    CHECK(n->media[0].remote_ssrc == 3333u);
    CHECK(n->media[1].codec == codec_id::h264);
    CHECK(n->media[1].payload_type == 102);
    CHECK(n->media[1].remote_ssrc == 4444u);
    auto a = sdp::parse(n->answer);
    REQUIRE(a);
    CHECK(a->media[1].attribute("recvonly"));
    CHECK_FALSE(a->media[1].attribute("ssrc"));
}

TEST_CASE("An H.265 source plays over WHEP only when the offer has H.265 of its profile", "[webrtc][sdp]") {
    // Safari, or Chromium with a hardware decoder, offers H.265 (RFC 7798 7.2); Debian's Chromium 156 does not.
    const auto h265_offer = replace(replace(browser_offer, "m=video 9 UDP/TLS/RTP/SAVPF 96", "m=video 9 UDP/TLS/RTP/SAVPF 49 96"),
                                    "a=rtpmap:96 VP8/90000\r\n",
                                    "a=rtpmap:49 H265/90000\r\na=rtcp-fb:49 nack pli\r\n"
                                    "a=fmtp:49 level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST\r\n"
                                    "a=rtpmap:96 VP8/90000\r\n");
    auto o = play_options();
    o.video = webrtc::video_source{codec_id::h265, 1, 0, 93};  // Main, level 3.1
    auto n = webrtc::answer_offer(h265_offer, o);
    REQUIRE(n);
    CHECK(n->media[1].accepted);
    CHECK(n->media[1].codec == codec_id::h265);
    CHECK(n->media[1].payload_type == 49);
    CHECK(n->media[1].pli);
    auto a = sdp::parse(n->answer);
    REQUIRE(a);
    CHECK(a->media[1].rtpmap(49)->encoding == "H265");
    CHECK(a->media[1].fmtp(49).size() == 4);

    o.video = webrtc::video_source{codec_id::h265, 2, 0, 93};  // Main 10: not offered
    n = webrtc::answer_offer(h265_offer, o);
    REQUIRE(n);
    CHECK_FALSE(n->media[1].accepted);
    CHECK(n->media[0].accepted);  // the audio still plays

    o.video = webrtc::video_source{codec_id::h265, 1, 0, 93};
    n = webrtc::answer_offer(browser_offer, o);  // no H.265 in the offer: video rejected, never H.264
    REQUIRE(n);
    CHECK_FALSE(n->media[1].accepted);

    // WHIP: H.264 first; H.265 when it is the only one offered.
    auto whip = remove_all(h265_offer, "a=recvonly\r\n");
    whip = replace(whip, "a=mid:0\r\n", "a=mid:0\r\na=sendonly\r\n");
    whip = replace(whip, "a=mid:1\r\n", "a=mid:1\r\na=sendonly\r\n");
    auto r = play_options();
    r.dir = webrtc::direction::receive;
    r.video.reset();
    r.audio.reset();
    n = webrtc::answer_offer(whip, r);
    REQUIRE(n);
    CHECK(n->media[1].codec == codec_id::h264);
    whip = replace(whip, "SAVPF 49 96 97 102 103 106 107 112 113", "SAVPF 49 96");
    n = webrtc::answer_offer(whip, r);
    REQUIRE(n);
    CHECK(n->media[1].codec == codec_id::h265);
    CHECK(n->media[1].payload_type == 49);
}

TEST_CASE("Unusable offers are refused with a precise error", "[webrtc][sdp]") {
    const auto o = play_options();
    auto error_of = [&](const std::string& offer) { return webrtc::answer_offer(offer, o).error(); };
    CHECK(error_of("not sdp at all") == webrtc::errc::not_an_offer);
    CHECK(error_of("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n") == webrtc::errc::no_media);
    CHECK(error_of(replace(browser_offer, "m=video 9 UDP/TLS/RTP/SAVPF", "m=video 9 RTP/AVP")) ==
          webrtc::errc::not_secure);
    CHECK(error_of(remove_all(browser_offer, "a=ice-pwd:d0Fg2Xc7qlWq9Jx8m3T0yH1k\r\n")) ==
          webrtc::errc::missing_ice_credentials);
    CHECK(error_of(remove_all(browser_offer, "a=ice-ufrag:Zq1v\r\n")) == webrtc::errc::missing_ice_credentials);
    CHECK(error_of(replace(browser_offer, "a=fingerprint:sha-256", "a=fingerprint:sha-1")) ==
          webrtc::errc::missing_fingerprint);
    CHECK(error_of(remove_all(browser_offer, "a=setup:actpass\r\n").insert(0, "")) != webrtc::errc::bad_setup);
    CHECK(error_of(replace(browser_offer, "a=setup:actpass", "a=setup:passive")) == webrtc::errc::bad_setup);
    CHECK(error_of(remove_all(browser_offer, "a=rtcp-mux\r\n")) == webrtc::errc::no_rtcp_mux);
    CHECK(error_of(remove_all(browser_offer, "a=group:BUNDLE 0 1\r\n")) == webrtc::errc::no_bundle);
    CHECK(error_of(replace(browser_offer, "a=mid:1\r\n", "")) == webrtc::errc::missing_mid);
    CHECK(error_of(remove_all(browser_offer, "a=recvonly\r\n").insert(0, "")) == std::error_code{});
    CHECK(error_of(replace(replace(browser_offer, "a=recvonly", "a=sendonly"), "a=recvonly", "a=sendonly")) ==
          webrtc::errc::wrong_direction);

    auto h265 = play_options();
    h265.video = webrtc::video_source{codec_id::h265, 1, 0x60, 93};
    h265.audio.reset();
    CHECK(webrtc::answer_offer(browser_offer, h265).error() == webrtc::errc::no_common_codec);
    auto few = play_options();
    few.max_media = 1;
    CHECK(webrtc::answer_offer(browser_offer, few).error() == webrtc::errc::too_many_media);
}
