// SPDX-License-Identifier: MIT
// The srt config section and the SRT switches of simple_auth.
#include <catch2/catch.hpp>

#include "config.hpp"

using namespace lal::server;

TEST_CASE("the srt section defaults to off on :6001 with libsrt's latency", "[server][config][srt]") {
    std::string error;
    auto c = parse_config("{}", error);
    REQUIRE(c);
    CHECK_FALSE(c->srt.enable);
    CHECK(c->srt.addr == ":6001");
    CHECK(c->srt.latency_ms == 120);
    CHECK(c->srt.passphrase.empty());
    CHECK(c->srt.pbkeylen == 16);
    CHECK(c->srt.maxbw == 0);
    CHECK(c->srt.peer_idle_timeout_ms == 5000);
    CHECK(c->srt.max_buffer_bytes == 4u * 1024 * 1024);
    CHECK_FALSE(c->simple_auth.pub_srt_enable);
    CHECK_FALSE(c->simple_auth.sub_srt_enable);
}

TEST_CASE("srt keys are read and checked", "[server][config][srt]") {
    std::string error;
    auto c = parse_config(R"({"srt": {"enable": true, "addr": "127.0.0.1:7001", "latency_ms": 400,
                                      "passphrase": "0123456789", "pbkeylen": 32, "maxbw": 1000000,
                                      "max_buffer_bytes": 65536},
                              "simple_auth": {"pub_srt_enable": true}})",
                          error);
    REQUIRE(c);
    CHECK(c->srt.enable);
    CHECK(c->srt.addr == "127.0.0.1:7001");
    CHECK(c->srt.latency_ms == 400);
    CHECK(c->srt.passphrase == "0123456789");
    CHECK(c->srt.pbkeylen == 32);
    CHECK(c->srt.maxbw == 1000000);
    CHECK(c->srt.max_buffer_bytes == 65536);
    CHECK(c->simple_auth.pub_srt_enable);

    struct bad_case {
        const char* json;
        const char* message;
    };
    for (const auto& [json, message] : {
             bad_case{R"({"srt": {"passphrase": "short"}})",
                      "srt.passphrase: 10 to 79 characters (SRTO_PASSPHRASE), or empty for none"},
             bad_case{R"({"srt": {"pbkeylen": 20}})", "srt.pbkeylen: 16, 24 or 32"},
             bad_case{R"({"srt": {"pbkeylen": 8}})", "srt.pbkeylen: must be between 16 and 32, got 8"},
             bad_case{R"({"srt": {"max_buffer_bytes": 1000}})",
                      "srt.max_buffer_bytes: must be between 65536 and 33554432, got 1000"},
             bad_case{R"({"srt": {"addr": "6001"}})",
                      "srt.addr: expected \"host:port\" or \":port\", got \"6001\" (no ':' before the port)"},
             bad_case{R"({"srt": {"latency": 10}})", "srt.latency: unknown key"},
         }) {
        INFO(json);
        CHECK_FALSE(parse_config(json, error).has_value());
        CHECK(error == message);
    }
}
