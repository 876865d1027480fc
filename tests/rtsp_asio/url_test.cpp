// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtsp_asio/error.hpp>
#include <lal/rtsp_asio/url.hpp>

using lal::rtsp_asio::errc;
using lal::rtsp_asio::parse_url;

TEST_CASE("an rtsp URL gives host, default port 554 and the request URL", "[rtsp_asio][url]") {
    auto u = parse_url("rtsp://camera.local/live/ch1?subtype=0");
    REQUIRE(u);
    CHECK(u->host == "camera.local");
    CHECK(u->port == 554);
    CHECK(u->request_url == "rtsp://camera.local/live/ch1?subtype=0");
    CHECK_FALSE(u->user);
}

TEST_CASE("user information becomes credentials and leaves the request URL", "[rtsp_asio][url]") {
    auto u = parse_url("rtsp://admin:p%40ss:w@192.168.1.20:8554/stream1");
    REQUIRE(u);
    REQUIRE(u->user);
    CHECK(u->user->username == "admin");
    CHECK(u->user->password == "p@ss:w");  // percent-decoded; only the first ':' splits
    CHECK(u->host == "192.168.1.20");
    CHECK(u->port == 8554);
    CHECK(u->request_url == "rtsp://192.168.1.20:8554/stream1");
}

TEST_CASE("an IPv6 literal keeps its brackets in the request URL only", "[rtsp_asio][url]") {
    auto u = parse_url("RTSP://[::1]:10554");
    REQUIRE(u);
    CHECK(u->host == "::1");
    CHECK(u->port == 10554);
    CHECK(u->request_url == "rtsp://[::1]:10554/");
}

TEST_CASE("bad rtsp URLs are refused with the reason", "[rtsp_asio][url]") {
    CHECK(parse_url("rtmp://host/app/stream").error() == errc::bad_scheme);
    CHECK(parse_url("rtsp:///path").error() == errc::bad_host);
    CHECK(parse_url("rtsp://user@/path").error() == errc::bad_host);
    CHECK(parse_url("rtsp://[::1/x").error() == errc::bad_host);
    CHECK(parse_url("rtsp://host:/x").error() == errc::bad_port);
    CHECK(parse_url("rtsp://host:0/x").error() == errc::bad_port);
    CHECK(parse_url("rtsp://host:65536/x").error() == errc::bad_port);
    CHECK(parse_url("rtsp://host:55a/x").error() == errc::bad_port);
    CHECK(parse_url("rtsp://admin:50%@cam/x").error() == errc::bad_user);
    CHECK(lal::rtsp_asio::is_rtsp_url("Rtsp://h/x"));
    CHECK(lal::rtsp_asio::is_rtsp_url("RTSPS://h/x"));
    CHECK_FALSE(lal::rtsp_asio::is_rtsp_url("rtspx://h/x"));
    CHECK(parse_url("rtsps://h:99999/x").error() == errc::bad_port);
}

TEST_CASE("an rtsps URL means TLS, default port 322, and keeps its scheme in requests", "[rtsp_asio][url]") {
    auto u = parse_url("RTSPS://cam.example/live/ch1");
    REQUIRE(u);
    CHECK(u->tls);
    CHECK(u->host == "cam.example");
    CHECK(u->port == 322);  // RFC 7826 19.2
    CHECK(u->request_url == "rtsps://cam.example/live/ch1");
    auto p = parse_url("rtsps://u:p@127.0.0.1:5322/a/b");
    REQUIRE(p);
    CHECK(p->tls);
    CHECK(p->port == 5322);
    CHECK(p->request_url == "rtsps://127.0.0.1:5322/a/b");
    CHECK_FALSE(parse_url("rtsp://h/x")->tls);
}
