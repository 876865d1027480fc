// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtsp/error.hpp>
#include <lal/rtsp/headers.hpp>
#include <lal/rtsp/message.hpp>

namespace rtsp = lal::rtsp;

TEST_CASE("Transport: TCP interleaved, UDP ports, record mode (RFC 2326 12.39)", "[rtsp][headers]") {
    auto tcp = rtsp::parse_transport("RTP/AVP/TCP;unicast;interleaved=2-3;mode=record");
    REQUIRE(tcp);
    REQUIRE(tcp->size() == 1);
    CHECK((*tcp)[0].tcp);
    CHECK((*tcp)[0].interleaved == std::pair<std::uint8_t, std::uint8_t>{2, 3});
    CHECK((*tcp)[0].mode == "record");
    CHECK(rtsp::to_string((*tcp)[0]) == "RTP/AVP/TCP;unicast;interleaved=2-3;mode=record");

    // RFC 2326 10.4's SETUP example and its answer.
    auto udp = rtsp::parse_transport("RTP/AVP;unicast;client_port=4588-4589");
    REQUIRE(udp);
    CHECK_FALSE((*udp)[0].tcp);
    CHECK((*udp)[0].client_port == std::pair<std::uint16_t, std::uint16_t>{4588, 4589});
    auto answer = (*udp)[0];
    answer.server_port = {{6256, 6257}};
    answer.ssrc = 0x1234ABCDu;
    CHECK(rtsp::to_string(answer) == "RTP/AVP;unicast;client_port=4588-4589;server_port=6256-6257;ssrc=1234ABCD");
    auto back = rtsp::parse_transport(rtsp::to_string(answer));
    REQUIRE(back);
    CHECK((*back)[0].ssrc == 0x1234ABCDu);
    CHECK((*back)[0].server_port == answer.server_port);

    auto choices = rtsp::parse_transport("RTP/AVP/UDP;unicast;client_port=3456, RTP/AVP/TCP;interleaved=0");
    REQUIRE(choices);
    REQUIRE(choices->size() == 2);
    CHECK((*choices)[0].client_port == std::pair<std::uint16_t, std::uint16_t>{3456, 3457});
    CHECK((*choices)[1].interleaved == std::pair<std::uint8_t, std::uint8_t>{0, 1});
    CHECK((*rtsp::parse_transport("RTP/AVP;multicast;mode=\"PLAY\""))[0].mode == "PLAY");

    CHECK(rtsp::parse_transport("").error() == rtsp::errc::bad_transport);
    CHECK(rtsp::parse_transport("RAW/RAW/UDP;unicast").error() == rtsp::errc::bad_transport);
    CHECK(rtsp::parse_transport("RTP/AVP/TCP;interleaved=300-301").error() == rtsp::errc::bad_transport);
    CHECK(rtsp::parse_transport("RTP/AVP;client_port=a-b").error() == rtsp::errc::bad_transport);
    CHECK(rtsp::parse_transport("RTP/AVP;ssrc=xyz").error() == rtsp::errc::bad_transport);
}

TEST_CASE("Session with timeout (RFC 2326 12.37)", "[rtsp][headers]") {
    auto s = rtsp::parse_session("12345678;timeout=60");
    REQUIRE(s);
    CHECK(s->id == "12345678");
    CHECK(s->timeout == 60u);
    CHECK(rtsp::to_string(*s) == "12345678;timeout=60");
    CHECK(rtsp::parse_session("47112344")->timeout == std::nullopt);
    CHECK(rtsp::parse_session("").error() == rtsp::errc::bad_session);
    CHECK(rtsp::parse_session("x;timeout=soon").error() == rtsp::errc::bad_session);
}

TEST_CASE("RTP-Info, Public, Range, Content-Base", "[rtsp][headers]") {
    // RFC 2326 12.33's example.
    auto info = rtsp::parse_rtp_info(
        "url=rtsp://foo.com/bar.avi/streamid=0;seq=45102, url=rtsp://foo.com/bar.avi/streamid=1;seq=30211;rtptime=12");
    REQUIRE(info.size() == 2);
    CHECK(info[0].url == "rtsp://foo.com/bar.avi/streamid=0");
    CHECK(info[0].seq == 45102);
    CHECK(info[0].rtptime == std::nullopt);
    CHECK(info[1].rtptime == 12u);
    CHECK(rtsp::to_string(info) ==
          "url=rtsp://foo.com/bar.avi/streamid=0;seq=45102,url=rtsp://foo.com/bar.avi/streamid=1;seq=30211;rtptime=12");

    auto methods = rtsp::parse_public("DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE");
    REQUIRE(methods.size() == 5);
    CHECK(methods[3] == "PLAY");
    CHECK(rtsp::public_value(methods) == "DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE");

    auto r = rtsp::parse_range("npt=0.000-");
    REQUIRE(r);
    CHECK(r->start == 0);
    CHECK_FALSE(r->end);
    auto r2 = rtsp::parse_range("npt=10-15.5");
    REQUIRE(r2);
    CHECK(r2->end == 15.5);
    CHECK(rtsp::to_string(*r2) == "npt=10.000-15.500");
    CHECK(rtsp::to_string(rtsp::npt_range{}) == "npt=0.000-");
    CHECK(rtsp::parse_range("npt=now-")->start == std::nullopt);
    CHECK_FALSE(rtsp::parse_range("smpte=10:07:00-10:07:33:05.01"));
    CHECK_FALSE(rtsp::parse_range("npt=x-"));

    rtsp::message res;
    res.is_request = false;
    CHECK(rtsp::content_base(res, "rtsp://h/a") == "rtsp://h/a");
    res.headers.push_back({"Content-Location", "rtsp://h/b/"});
    CHECK(rtsp::content_base(res, "rtsp://h/a") == "rtsp://h/b/");
    res.headers.push_back({"Content-Base", "rtsp://h/c/"});
    CHECK(rtsp::content_base(res, "rtsp://h/a") == "rtsp://h/c/");
}
