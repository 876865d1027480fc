// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "relay_url.hpp"

using namespace lal::server;

TEST_CASE("a bare host:port relay address means RTMP with the same app and stream", "[relay][url]") {
    CHECK(relay_url_template("10.0.0.2:1935") == "rtmp://10.0.0.2:1935/{app}/{stream}");
    CHECK(relay_url_template("[::1]:1935") == "rtmp://[::1]:1935/{app}/{stream}");
    CHECK(relay_url_template("http://o:8080/{app}/{stream}.flv") == "http://o:8080/{app}/{stream}.flv");
}

TEST_CASE("URL templates get app and stream filled in, every occurrence, once", "[relay][url]") {
    const stream_key key{"live", "cam1"};
    CHECK(expand_relay_url("rtmp://o:1935/{app}/{stream}", key) == "rtmp://o:1935/live/cam1");
    CHECK(expand_relay_url("http://o:8080/{app}/{stream}.flv", key) == "http://o:8080/live/cam1.flv");
    CHECK(expand_relay_url("rtmp://o/relay/{app}_{stream}?k={stream}", key) == "rtmp://o/relay/live_cam1?k=cam1");
    CHECK(expand_relay_url("rtmp://o/fixed/{stream}", key) == "rtmp://o/fixed/cam1");
    // A name that looks like a placeholder is not expanded again.
    CHECK(expand_relay_url("rtmp://o/{app}/{stream}", {"{stream}", "{app}"}) == "rtmp://o/{stream}/{app}");
    // Unknown or unfinished braces stay as they are.
    CHECK(expand_relay_url("rtmp://o/{ap}/{stream", key) == "rtmp://o/{ap}/{stream");
}

TEST_CASE("the relay marker is appended to the query and found among other parameters", "[relay][url]") {
    CHECK(with_relay_marker("rtmp://o/live/a") == "rtmp://o/live/a?lal_relay=1");
    CHECK(with_relay_marker("rtmp://o/live/a?token=x") == "rtmp://o/live/a?token=x&lal_relay=1");
    CHECK(has_relay_marker("lal_relay=1"));
    CHECK(has_relay_marker("token=x&lal_relay=1"));
    CHECK(has_relay_marker("lal_relay&token=x"));
    CHECK(has_relay_marker("a=1&lal_relay=0&b"));
    CHECK_FALSE(has_relay_marker(""));
    CHECK_FALSE(has_relay_marker("token=lal_relay"));
    CHECK_FALSE(has_relay_marker("lal_relay_x=1"));
    CHECK_FALSE(has_relay_marker("xlal_relay=1"));
    CHECK_FALSE(has_relay_marker("&&"));
}

TEST_CASE("http and https URLs pull over HTTP-FLV, everything else over RTMP", "[relay][url]") {
    CHECK(is_http_url("http://o:8080/live/a.flv"));
    CHECK(is_http_url("https://o/live/a.flv"));
    CHECK_FALSE(is_http_url("rtmp://o/live/a"));
    CHECK_FALSE(is_http_url("rtmps://o/live/a"));
}

TEST_CASE("rtsp URLs pull over RTSP", "[relay][url]") {
    CHECK(is_rtsp_url("rtsp://cam:554/live/ch1"));
    CHECK(is_rtsp_url("rtsp://user:pw@cam/{stream}"));
    CHECK_FALSE(is_rtsp_url("rtmp://o/live/a"));
    CHECK(is_rtsp_url("rtsps://cam/live"));  // RTSP over TLS
    CHECK_FALSE(is_rtsp_url("rtspx://cam/live"));
    CHECK_FALSE(is_http_url("rtsp://cam/live"));
    CHECK(expand_relay_url(relay_url_template("rtsp://cam:8554/{stream}"), {"live", "door"}) == "rtsp://cam:8554/door");
}

TEST_CASE("credentials in a pull URL are not shown", "[relay][url]") {
    CHECK(without_user_info("rtsp://admin:p@ss@cam:554/ch1?x=a@b") == "rtsp://cam:554/ch1?x=a@b");
    CHECK(without_user_info("rtsp://cam/ch1") == "rtsp://cam/ch1");
    CHECK(without_user_info("rtmp://u@o:1935/live/a") == "rtmp://o:1935/live/a");
    CHECK(without_user_info("o:1935") == "o:1935");
}
