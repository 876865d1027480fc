// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config.hpp"

using namespace lal::server;

TEST_CASE("listen addresses are host:port, :port or [v6]:port", "[server][config]") {
    auto a = parse_listen_address(":1935");
    REQUIRE(a.has_value());
    CHECK(a->host.empty());
    CHECK(a->port == 1935);
    auto b = parse_listen_address("127.0.0.1:8080");
    REQUIRE(b.has_value());
    CHECK(b->host == "127.0.0.1");
    auto c = parse_listen_address("[::1]:80");
    REQUIRE(c.has_value());
    CHECK(c->host == "::1");
    CHECK(c->str() == "[::1]:80");
    for (const char* bad : {"1935", ":", ":65536", "host:12x", "::1:80", "[::1]80", ""}) {
        INFO(bad);
        CHECK_FALSE(parse_listen_address(bad).has_value());
    }
}

TEST_CASE("an empty config gives the built-in defaults", "[server][config]") {
    std::string error;
    auto c = parse_config("{}", error);
    REQUIRE(c.has_value());
    CHECK(c->rtmp.addr == ":1935");
    CHECK(c->httpflv.addr == ":8080");
    CHECK(c->rtmp.chunk_size == 4096);
    CHECK(c->log.level == 2);
}

TEST_CASE("config values override the defaults", "[server][config]") {
    std::string error;
    auto c = parse_config(R"({"rtmp": {"addr": "127.0.0.1:19350", "gop_num": 2},
                              "log": {"level": 1, "is_to_stdout": false},
                              "# comment": "keys starting with # are ignored"})",
                          error);
    REQUIRE(c.has_value());
    CHECK(c->rtmp.addr == "127.0.0.1:19350");
    CHECK(c->rtmp.gop_num == 2);
    CHECK(c->log.level == 1);
    CHECK_FALSE(c->log.is_to_stdout);
}

TEST_CASE("RTMPS and HTTPS take lal-Go's keys", "[server][config]") {
    std::string error;
    auto d = parse_config("{}", error);
    REQUIRE(d);
    CHECK_FALSE(d->rtmp.rtmps_enable);
    CHECK(d->rtmp.rtmps_addr == ":4935");
    CHECK(d->default_http.https_listen_addr == ":4433");
    CHECK(d->default_http.https_cert_file == "./conf/cert.pem");
    CHECK_FALSE(d->httpflv.enable_https);
    auto c = parse_config(R"({"rtmp": {"rtmps_enable": true, "rtmps_addr": "127.0.0.1:4936", "rtmps_cert_file": "c.pem",
                                      "rtmps_key_file": "k.pem"},
                             "default_http": {"https_listen_addr": "[::1]:4434", "https_cert_file": "hc.pem",
                                              "https_key_file": "hk.pem"},
                             "httpflv": {"enable_https": true}, "httpts": {"enable_https": true},
                             "hls": {"enable_https": true}, "http_api": {"enable_https": true},
                             "relay_push": {"addr_list": ["rtmps://edge:443/{app}/{stream}"]},
                             "relay_pull": {"addr": "https://origin/{app}/{stream}.flv"}})",
                          error);
    REQUIRE(c);
    CHECK(c->rtmp.rtmps_enable);
    CHECK(c->rtmp.rtmps_addr == "127.0.0.1:4936");
    CHECK(c->rtmp.rtmps_cert_file == "c.pem");
    CHECK(c->rtmp.rtmps_key_file == "k.pem");
    CHECK(c->default_http.https_listen_addr == "[::1]:4434");
    CHECK(c->default_http.https_key_file == "hk.pem");
    CHECK((c->httpflv.enable_https && c->httpts.enable_https && c->hls.enable_https && c->http_api.enable_https));
    CHECK_FALSE(parse_config(R"({"default_http": {"https_listen_addr": "4433"}})", error));
    CHECK(error.starts_with("default_http.https_listen_addr: expected \"host:port\""));
}

TEST_CASE("an unknown key or a wrong type names the key path", "[server][config]") {
    struct bad_case {
        const char* json;
        const char* message;
    };
    for (const auto& [json, message] : {
             bad_case{R"({"rtmp": {"adr": ":1935"}})", "rtmp.adr: unknown key"},
             bad_case{R"({"rtmp": {"gop_num": "2"}})", "rtmp.gop_num: expected an unsigned integer, got string"},
             bad_case{R"({"rtmp": {"gop_num": -1}})", "rtmp.gop_num: expected an unsigned integer, got number"},
             bad_case{R"({"rtmp": 5})", "rtmp: expected an object, got number"},
             bad_case{R"({"log": {"level": 9}})", "log.level: must be between 1 and 5, got 9"},
             bad_case{R"({"httpflv": {"addr": "8080"}})", "httpflv.addr: expected \"host:port\" or \":port\", got \"8080\" (no ':' before the port)"},
             bad_case{R"({"log": {"is_to_stdout": 1}})", "log.is_to_stdout: expected true or false, got number"},
             bad_case{R"({"rtmp": {"chunk_size": 64}})", "rtmp.chunk_size: must be between 128 and 65536, got 64"},
             bad_case{R"({"nosuch": {}})", "nosuch: unknown key"},
             bad_case{R"({"log": {"stats_interval_ms": 50}})", "log.stats_interval_ms: 0 (off) or at least 100"},
             bad_case{R"({"hls": {"url_pattern": "hls"}})", "hls.url_pattern: a path starting and ending with '/', got \"hls\""},
             bad_case{R"({"hls": {"cleanup_mode": 3}})", "hls.cleanup_mode: must be between 0 and 2, got 3"},
         }) {
        INFO(json);
        std::string error;
        CHECK_FALSE(parse_config(json, error).has_value());
        CHECK(error == message);
    }
    std::string error;
    CHECK_FALSE(parse_config("{not json", error).has_value());
    CHECK(error.rfind("not valid JSON", 0) == 0);
}

TEST_CASE("conf/lal.conf.json holds every key with its default", "[server][config]") {
    std::string error;
    auto c = load_config_file(LAL_CONF_FILE, error);
    INFO(error);
    REQUIRE(c.has_value());
    // The shipped file, without its "#" comment keys, is exactly the defaults.
    std::ifstream in(LAL_CONF_FILE);
    std::stringstream text;
    text << in.rdbuf();
    auto shipped = nlohmann::json::parse(text.str());
    for (auto it = shipped.begin(); it != shipped.end();) {
        it = it.key().front() == '#' ? shipped.erase(it) : std::next(it);
    }
    CHECK(shipped == nlohmann::json::parse(dump_config(config{})));
}

TEST_CASE("a dumped config parses back to the same values", "[server][config]") {
    config c;
    c.rtmp.gop_num = 3;
    c.log.filename = "/tmp/x.log";
    std::string error;
    auto back = parse_config(dump_config(c), error);
    REQUIRE(back.has_value());
    CHECK(back->rtmp.gop_num == 3);
    CHECK(back->log.filename == "/tmp/x.log");
}
