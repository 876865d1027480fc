// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtmp_asio/url.hpp>

using lal::rtmp_asio::errc;
using lal::rtmp_asio::parse_rtmp_url;

TEST_CASE("an app and a stream name split like ffmpeg does", "[rtmp_asio][url]") {
    auto u = parse_rtmp_url("rtmp://example.com/live/test");
    REQUIRE(u);
    CHECK(u->host == "example.com");
    CHECK(u->port == 1935);
    CHECK(u->app == "live");
    CHECK(u->stream == "test");
    CHECK(u->query.empty());
    CHECK(u->tc_url == "rtmp://example.com:1935/live");
    CHECK(u->stream_with_query() == "test");
    CHECK(to_string(*u) == "rtmp://example.com:1935/live/test");
}

TEST_CASE("three or more path segments make app/instance, the rest is the stream", "[rtmp_asio][url]") {
    auto u = parse_rtmp_url("rtmp://127.0.0.1:19350/live/inst/test");
    REQUIRE(u);
    CHECK(u->port == 19350);
    CHECK(u->app == "live/inst");
    CHECK(u->stream == "test");
    CHECK(u->tc_url == "rtmp://127.0.0.1:19350/live/inst");

    auto deep = parse_rtmp_url("rtmp://h/a/b/c/d");
    REQUIRE(deep);
    CHECK(deep->app == "a/b");
    CHECK(deep->stream == "c/d");
}

TEST_CASE("a play path with a colon in the second segment is all stream", "[rtmp_asio][url]") {
    auto u = parse_rtmp_url("rtmp://h/vod/mp4:dir/file.mp4");
    REQUIRE(u);
    CHECK(u->app == "vod");
    CHECK(u->stream == "mp4:dir/file.mp4");
}

TEST_CASE("the query is kept apart and sent with the stream name", "[rtmp_asio][url]") {
    auto u = parse_rtmp_url("RTMP://h/live/test?token=abc&x=1");
    REQUIRE(u);
    CHECK(u->app == "live");
    CHECK(u->stream == "test");
    CHECK(u->query == "token=abc&x=1");
    CHECK(u->stream_with_query() == "test?token=abc&x=1");
    CHECK(u->tc_url == "rtmp://h:1935/live");
    CHECK(to_string(*u) == "rtmp://h:1935/live/test?token=abc&x=1");
}

TEST_CASE("IPv6 literals come in brackets", "[rtmp_asio][url]") {
    auto u = parse_rtmp_url("rtmp://[::1]:1936/live/s");
    REQUIRE(u);
    CHECK(u->host == "::1");
    CHECK(u->port == 1936);
    CHECK(u->host_port() == "[::1]:1936");
    CHECK(u->tc_url == "rtmp://[::1]:1936/live");

    auto no_port = parse_rtmp_url("rtmp://[2001:db8::2]/live/s");
    REQUIRE(no_port);
    CHECK(no_port->host == "2001:db8::2");
    CHECK(no_port->port == 1935);
}

TEST_CASE("rtmps:// URLs are RTMP over TLS, on port 443 unless one is named", "[rtmp_asio][url]") {
    auto u = parse_rtmp_url("RTMPS://example.com/live/test?k=1");
    REQUIRE(u);
    CHECK(u->secure);
    CHECK(u->port == 443);
    CHECK(u->tc_url == "rtmps://example.com:443/live");
    CHECK(lal::rtmp_asio::to_string(*u) == "rtmps://example.com:443/live/test?k=1");
    auto p = parse_rtmp_url("rtmps://127.0.0.1:4935/live/test");
    REQUIRE(p);
    CHECK(p->port == 4935);
    CHECK_FALSE(parse_rtmp_url("rtmp://h/live/s")->secure);
}

TEST_CASE("bad URLs give precise errors", "[rtmp_asio][url]") {
    struct probe {
        const char* text;
        errc expected;
    };
    const probe probes[] = {
        {"http://h/live/s", errc::bad_scheme},
        {"rtmpt://h/live/s", errc::bad_scheme},
        {"rtmps:///live/s", errc::bad_host},
        {"live/s", errc::bad_scheme},
        {"", errc::bad_scheme},
        {"rtmp:///live/s", errc::bad_host},
        {"rtmp://ho st/live/s", errc::bad_host},
        {"rtmp://user@h/live/s", errc::bad_host},
        {"rtmp://[::1/live/s", errc::bad_host},
        {"rtmp://[]/live/s", errc::bad_host},
        {"rtmp://[zz]/live/s", errc::bad_host},
        {"rtmp://[::1]x/live/s", errc::bad_host},
        {"rtmp://h:/live/s", errc::bad_port},
        {"rtmp://h:0/live/s", errc::bad_port},
        {"rtmp://h:65536/live/s", errc::bad_port},
        {"rtmp://h:12ab/live/s", errc::bad_port},
        {"rtmp://h:-1/live/s", errc::bad_port},
        {"rtmp://h", errc::missing_app},
        {"rtmp://h/", errc::missing_app},
        {"rtmp://h?x=1", errc::missing_app},
        {"rtmp://h//s", errc::missing_app},
        {"rtmp://h/live", errc::missing_stream},
        {"rtmp://h/live/", errc::missing_stream},
        {"rtmp://h/live?x=1", errc::missing_stream},
        {"rtmp://h/live/inst/", errc::missing_stream},
    };
    for (const auto& p : probes) {
        INFO(p.text);
        auto u = parse_rtmp_url(p.text);
        REQUIRE_FALSE(u);
        CHECK(u.error() == p.expected);
        CHECK_FALSE(u.error().message().empty());
    }
}
