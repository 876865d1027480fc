// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/sdp/session.hpp>

namespace sdp = lal::sdp;

namespace {
// What ffmpeg 5.1 writes for `-f rtp` of the test clip (H.264 + AAC).
constexpr std::string_view ffmpeg_sdp =
    "v=0\r\n"
    "o=- 0 0 IN IP4 127.0.0.1\r\n"
    "s=No Name\r\n"
    "t=0 0\r\n"
    "a=tool:libavformat LIBAVFORMAT_VERSION\r\n"
    "m=video 45004 RTP/AVP 96\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z01AHtoCgL/lwEQAAAMABAAAAwDKPFi6gA==,aO88gA==; "
    "profile-level-id=4D401E\r\n"
    "m=audio 45006 RTP/AVP 97\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "a=rtpmap:97 MPEG4-GENERIC/44100/2\r\n"
    "a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; config=121056E500\r\n";
}  // namespace

TEST_CASE("ffmpeg's SDP parses into two media sections", "[sdp][session]") {
    auto s = sdp::parse(ffmpeg_sdp);
    REQUIRE(s);
    CHECK(s->origin.address == "127.0.0.1");
    CHECK(s->name == "No Name");
    CHECK(s->times == std::vector<std::string>{"0 0"});
    CHECK(s->attribute("tool") == "libavformat LIBAVFORMAT_VERSION");
    REQUIRE(s->media.size() == 2);
    const auto& v = s->media[0];
    CHECK(v.media == "video");
    CHECK(v.port == 45004);
    CHECK(v.proto == "RTP/AVP");
    CHECK(v.formats == std::vector<std::string>{"96"});
    REQUIRE(v.connection);
    CHECK(v.connection->address == "127.0.0.1");
    CHECK(v.rtpmap(96) == sdp::rtpmap{96, "H264", 90000, 0});
    auto fmtp = v.fmtp(96);
    REQUIRE(fmtp.size() == 3);
    CHECK(sdp::fmtp_value(fmtp, "Profile-Level-Id") == "4D401E");
    CHECK(sdp::fmtp_value(fmtp, "sprop-parameter-sets") == "Z01AHtoCgL/lwEQAAAMABAAAAwDKPFi6gA==,aO88gA==");
    CHECK(s->media[1].rtpmap(97) == sdp::rtpmap{97, "MPEG4-GENERIC", 44100, 2});
    CHECK(sdp::fmtp_value(s->media[1].fmtp(97), "config") == "121056E500");
}

TEST_CASE("Printing a parsed description gives the same text back", "[sdp][session]") {
    auto s = sdp::parse(ffmpeg_sdp);
    REQUIRE(s);
    CHECK(sdp::to_string(*s) == ffmpeg_sdp);
    auto again = sdp::parse(sdp::to_string(*s));
    REQUIRE(again);
    CHECK(*again == *s);
}

TEST_CASE("Camera quirks: LF lines and blank lines and stray spaces and lower case", "[sdp][session]") {
    // Assembled from what IP cameras send: bare LF, a blank line, spaces
    // around '=' and after ';', trailing spaces, several spaces in m=,
    // lower-case encoding names, a session-level control and range.
    constexpr std::string_view cam =
        "v=0\n"
        "o=- 1700000000 1 IN IP4 192.168.1.64\n"
        "\n"
        "s=Media Presentation \n"
        "e=NONE\n"
        "c=IN IP4 0.0.0.0\n"
        "t=0 0\n"
        "a=control:*\n"
        "a=range:npt=0-\n"
        "m=video  0  RTP/AVP   96\n"
        "a = rtpmap:96 h264/90000\n"
        "a=fmtp:96 profile-level-id=420029;  packetization-mode=1 ; sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA\n"
        "a=control:trackID=1   \n"
        "m=audio 0 RTP/AVP 8\r\n"
        "a=control:trackID=2\r";
    auto s = sdp::parse(cam);
    REQUIRE(s);
    CHECK(s->name == "Media Presentation");
    CHECK(s->control() == "*");
    CHECK(s->attribute("range") == "npt=0-");
    REQUIRE(s->media.size() == 2);
    CHECK(s->media[0].control() == "trackID=1");
    CHECK(s->media[0].rtpmap(96)->encoding == "h264");
    CHECK(sdp::fmtp_value(s->media[0].fmtp(96), "packetization-mode") == "1");
    // Static payload type 8 needs no rtpmap (RFC 3551 6).
    CHECK(s->media[1].rtpmap(8) == sdp::rtpmap{8, "PCMA", 8000, 1});
    CHECK(s->media[1].control() == "trackID=2");
}

TEST_CASE("Malformed SDP lines are reported precisely", "[sdp][session]") {
    CHECK(sdp::parse("v=1\r\n").error() == sdp::errc::bad_version);
    CHECK(sdp::parse("v=0\r\nhello\r\n").error() == sdp::errc::bad_line);
    CHECK(sdp::parse("v=0\r\nxy=1\r\n").error() == sdp::errc::bad_line);
    CHECK(sdp::parse("v=0\r\no=- 0 0 IN IP4\r\n").error() == sdp::errc::bad_origin);
    CHECK(sdp::parse("v=0\r\nc=IN IP4\r\n").error() == sdp::errc::bad_connection);
    CHECK(sdp::parse("v=0\r\nm=video RTP/AVP 96\r\n").error() == sdp::errc::bad_media);
    CHECK(sdp::parse("v=0\r\nm=video 99999 RTP/AVP 96\r\n").error() == sdp::errc::bad_media);
    CHECK(sdp::parse("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264\r\n").error() == sdp::errc::bad_rtpmap);
    CHECK(sdp::parse("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:300 H264/90000\r\n").error() == sdp::errc::bad_rtpmap);
    CHECK(sdp::parse(std::string(70000, 'a')).error() == sdp::errc::too_large);
    std::string many = "v=0\r\n";
    for (int i = 0; i < 40; ++i) many += "m=audio 0 RTP/AVP 0\r\n";
    CHECK(sdp::parse(many).error() == sdp::errc::too_large);
}

TEST_CASE("fmtp lists tolerate empty entries and keep '=' inside values", "[sdp][fmtp]") {
    auto p = sdp::parse_fmtp(" a=1;; b = x== ;flag ; ");
    REQUIRE(p.size() == 3);
    CHECK(p[0] == sdp::fmtp_parameter{"a", "1"});
    CHECK(p[1] == sdp::fmtp_parameter{"b", "x=="});
    CHECK(p[2] == sdp::fmtp_parameter{"flag", ""});
    CHECK_FALSE(sdp::fmtp_value(p, "c"));
}

TEST_CASE("Control URLs resolve against the base (RFC 2326 C.1.1)", "[sdp][session]") {
    CHECK(sdp::resolve_control("rtsp://cam/live", "trackID=1") == "rtsp://cam/live/trackID=1");
    CHECK(sdp::resolve_control("rtsp://cam/live/", "trackID=1") == "rtsp://cam/live/trackID=1");
    CHECK(sdp::resolve_control("rtsp://cam/live", "*") == "rtsp://cam/live");
    CHECK(sdp::resolve_control("rtsp://cam/live", "") == "rtsp://cam/live");
    CHECK(sdp::resolve_control("rtsp://cam/live", "rtsp://cam:554/live/track2") == "rtsp://cam:554/live/track2");
}

TEST_CASE("Ranges in normal play time are read (RFC 2326 3.6)", "[sdp][session]") {
    CHECK(sdp::parse_range("npt=0-") == sdp::npt_range{0.0, std::nullopt});
    CHECK(sdp::parse_range("npt=now-") == sdp::npt_range{std::nullopt, std::nullopt});
    CHECK(sdp::parse_range(" npt = 0.000 - 12.5 ") == sdp::npt_range{0.0, 12.5});
    CHECK_FALSE(sdp::parse_range("clock=19961108T143720.25Z-"));
    CHECK_FALSE(sdp::parse_range("npt=abc-"));
    CHECK_FALSE(sdp::parse_range("npt=1.2.3-"));
    CHECK_FALSE(sdp::parse_range("npt=5"));
}
