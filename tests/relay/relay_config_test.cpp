// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include "config.hpp"

using namespace lal::server;

namespace {
std::string error_of(const std::string& json) {
    std::string error;
    auto c = parse_config(json, error);
    return c.has_value() ? std::string("accepted") : error;
}
}  // namespace

TEST_CASE("relay push and pull are off by default", "[relay][config]") {
    std::string error;
    auto c = parse_config("{}", error);
    REQUIRE(c.has_value());
    CHECK_FALSE(c->relay_push.enable);
    CHECK(c->relay_push.addr_list.empty());
    CHECK(c->relay_push.retry_min_ms <= c->relay_push.retry_max_ms);
    CHECK_FALSE(c->relay_pull.enable);
    CHECK(c->relay_pull.addr.empty());
    CHECK(c->relay_pull.retry_num == 3);
}

TEST_CASE("relay addresses are host:port or URL templates with {stream}", "[relay][config]") {
    std::string error;
    auto c = parse_config(R"({"relay_push": {"enable": true, "addr_list": ["127.0.0.1:1935",
                              "rtmp://10.0.0.2:1935/{app}/{stream}?token=1"]},
                              "relay_pull": {"enable": true, "addr": "http://origin:8080/{app}/{stream}.flv",
                                             "retry_num": 0, "stop_after_idle_ms": 0}})",
                          error);
    REQUIRE(c.has_value());
    REQUIRE(c->relay_push.addr_list.size() == 2);
    CHECK(c->relay_push.addr_list[1] == "rtmp://10.0.0.2:1935/{app}/{stream}?token=1");
    CHECK(c->relay_pull.addr == "http://origin:8080/{app}/{stream}.flv");
    CHECK(c->relay_pull.retry_num == 0);
    CHECK(parse_config(R"({"relay_pull": {"addr": "origin:1935"}})", error).has_value());
    CHECK(parse_config(R"({"relay_pull": {"addr": "rtmp://origin/{app}/{stream}"}})", error).has_value());
}

TEST_CASE("bad relay settings name the key and what is wrong", "[relay][config]") {
    CHECK(error_of(R"({"relay_push": {"addr_list": "1.2.3.4:1935"}})") ==
          "relay_push.addr_list: expected a list of strings, got string");
    CHECK(error_of(R"({"relay_push": {"addr_list": ["a:1", 5]}})") ==
          "relay_push.addr_list: [1]: expected a string, got number");
    CHECK(error_of(R"({"relay_push": {"addr_list": ["nohost"]}})") ==
          "relay_push.addr_list: [0]: expected \"host:port\" or a URL template, got \"nohost\"");
    CHECK(error_of(R"({"relay_push": {"addr_list": [":1935"]}})") ==
          "relay_push.addr_list: [0]: expected \"host:port\" or a URL template, got \":1935\"");
    CHECK(error_of(R"({"relay_push": {"addr_list": ["http://o/{app}/{stream}.flv"]}})") ==
          "relay_push.addr_list: [0]: unsupported scheme in \"http://o/{app}/{stream}.flv\"");
    CHECK(error_of(R"({"relay_push": {"addr_list": ["rtmp://o/live/fixed"]}})") ==
          "relay_push.addr_list: [0]: the URL template has no {stream}: \"rtmp://o/live/fixed\"");
    CHECK(error_of(R"({"relay_push": {"addr_list": ["rtmp:///{app}/{stream}"]}})") ==
          "relay_push.addr_list: [0]: no host in \"rtmp:///{app}/{stream}\"");
    CHECK(error_of(R"({"relay_pull": {"addr": "ftp://o/{stream}"}})") ==
          "relay_pull.addr: unsupported scheme in \"ftp://o/{stream}\"");
    CHECK(error_of(R"({"relay_pull": {"enable": true}})") == "relay_pull.addr: needed when relay_pull.enable is true");
    CHECK(error_of(R"({"relay_push": {"retry_min_ms": 5000, "retry_max_ms": 1000}})") ==
          "relay_push.retry_min_ms: must not exceed relay_push.retry_max_ms");
    CHECK(error_of(R"({"relay_pull": {"connect_timeout_ms": -1}})") ==
          "relay_pull.connect_timeout_ms: expected an unsigned integer, got number");
    CHECK(error_of(R"({"relay_pull": {"colour": 1}})") == "relay_pull.colour: unknown key");
}

TEST_CASE("the dumped config lists the relay keys and reads back the same", "[relay][config]") {
    config c;
    c.relay_push.enable = true;
    c.relay_push.addr_list = {"127.0.0.1:19350", "rtmp://h/{app}/{stream}"};
    c.relay_pull.addr = "h:1935";
    const auto text = dump_config(c);
    CHECK(text.find("\"addr_list\": [") != std::string::npos);
    std::string error;
    auto back = parse_config(text, error);
    REQUIRE(back.has_value());
    CHECK(back->relay_push.addr_list == c.relay_push.addr_list);
    CHECK(back->relay_pull.addr == "h:1935");
    CHECK(back->relay_push.enable);
}

TEST_CASE("relay_pull takes rtsp:// camera templates and rtsp_mode 0 or 1", "[relay][config]") {
    std::string error;
    auto c = parse_config(R"({"relay_pull": {"enable": true, "addr": "rtsp://admin:pw@cam:554/{stream}",
                                             "rtsp_mode": 1}})",
                          error);
    REQUIRE(c.has_value());
    CHECK(c->relay_pull.addr == "rtsp://admin:pw@cam:554/{stream}");
    CHECK(c->relay_pull.rtsp_mode == 1);
    auto d = parse_config("{}", error);
    REQUIRE(d.has_value());
    CHECK(d->relay_pull.rtsp_mode == 0);  // lal-Go's default: RTP interleaved over TCP
    CHECK(error_of(R"({"relay_pull": {"rtsp_mode": 2}})").starts_with("relay_pull.rtsp_mode: "));
    CHECK(error_of(R"({"relay_pull": {"addr": "rtsp://cam/fixed"}})") ==
          "relay_pull.addr: the URL template has no {stream}: \"rtsp://cam/fixed\"");
    CHECK(dump_config(*c).find("\"rtsp_mode\": 1") != std::string::npos);
}
