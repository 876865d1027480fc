// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "cluster_protocol.hpp"

using namespace lal::server::cluster;

TEST_CASE("owner records round-trip and reject malformed text", "[cluster]") {
    const stream_owner o{"origin-a", "10.0.0.5", 1935, 8080};
    const auto text = encode(o);
    CHECK(text == "1 origin-a 10.0.0.5 1935 8080");
    auto back = parse_owner(text);
    REQUIRE(back);
    CHECK(back->server_id == "origin-a");
    CHECK(back->host == "10.0.0.5");
    CHECK(back->rtmp_port == 1935);
    CHECK(back->http_port == 8080);

    CHECK(parse_owner("1 a h 1935 0"));                  // no HTTP-FLV
    CHECK(parse_owner("").error() == record_errc::empty_field);
    CHECK(parse_owner("2 a h 1935 8080").error() == record_errc::bad_version);
    CHECK(parse_owner("1 a h 0 8080").error() == record_errc::bad_port);      // no RTMP port
    CHECK(parse_owner("1 a h 70000 8080").error() == record_errc::bad_port);  // out of range
    CHECK(parse_owner("1 a h 1935").error() == record_errc::field_count);     // a field missing
    CHECK(parse_owner("1 a h 1935 8080 x").error() == record_errc::field_count);
    CHECK(parse_owner("1  h 1935 8080").error() == record_errc::empty_field);
    CHECK(parse_owner("1 a h 19x5 8080").error() == record_errc::bad_port);
    CHECK(parse_owner("1 a h 1935 8080 ").error() == record_errc::empty_field);  // trailing space
    CHECK(parse_owner("1 a\x01 h 1935 8080").error() == record_errc::bad_token);
    CHECK(parse_owner("1 " + std::string(129, 'a') + " h 1935 8080").error() == record_errc::bad_token);
    CHECK(parse_owner(std::string(max_record_size + 1, '1')).error() == record_errc::too_long);
    CHECK(parse_owner("2 a h 1935 8080").error().message() == "registry record of an unknown version");
}

TEST_CASE("load records round-trip", "[cluster]") {
    server_load l{{"edge-1", "127.0.0.1", 19350, 18080}, true, 42, 12000, 3};
    auto back = parse_load(encode(l));
    REQUIRE(back);
    CHECK(back->server.server_id == "edge-1");
    CHECK(back->edge);
    CHECK(back->players == 42);
    CHECK(back->out_kbits == 12000);
    CHECK(back->streams == 3);
    CHECK(*back == l);
    CHECK(parse_load("1 edge-1 127.0.0.1 19350 18080 2 42 12000 3").error() == record_errc::bad_flag);
    CHECK(parse_load("1 edge-1 127.0.0.1 19350 18080 1 -1 12000 3").error() == record_errc::bad_number);
    CHECK(parse_load("1 edge-1 127.0.0.1 19350 18080 1 1 18446744073709551616 3").error() == record_errc::bad_number);
    CHECK(parse_load(encode(l.server)).error() == record_errc::field_count);
    // The longest record there can be is read.
    const std::string big(max_token_size, 'x');
    const server_load max{{big, big, 65535, 65535}, true, UINT64_MAX, UINT64_MAX, UINT64_MAX};
    CHECK(encode(max).size() == max_record_size);
    CHECK(parse_load(encode(max)).value() == max);
}

TEST_CASE("every prefix of a record is refused or read whole", "[cluster]") {
    const auto text = encode(server_load{{"s", "h", 1, 2}, false, 3, 4, 5});
    for (std::size_t n = 0; n < text.size(); ++n) CHECK_FALSE(parse_load(text.substr(0, n)));
    CHECK(parse_load(text));
}

TEST_CASE("registry URLs", "[cluster]") {
    auto a = parse_registry_url("redis://127.0.0.1:6380");
    REQUIRE(a);
    CHECK(a->host == "127.0.0.1");
    CHECK(a->port == 6380);
    a = parse_registry_url("redis://registry.local");
    REQUIRE(a);
    CHECK(a->port == 6379);
    a = parse_registry_url("redis://[::1]:7000/0");
    REQUIRE(a);
    CHECK(a->host == "::1");
    CHECK(a->port == 7000);
    CHECK_FALSE(parse_registry_url("http://127.0.0.1:6379"));
    CHECK_FALSE(parse_registry_url("redis://"));
    CHECK_FALSE(parse_registry_url("redis://h:0"));
    CHECK_FALSE(parse_registry_url("redis://h:x"));
}

TEST_CASE("keys, commands and hops", "[cluster]") {
    CHECK(stream_key_name("live", "test") == "lal:stream:live/test");
    CHECK(server_key_name("e1") == "lal:server:e1");
    const auto claim = claim_command("k", "rec", 3000, false);
    REQUIRE(claim.size() == 7);
    CHECK(claim[0] == "EVAL");
    CHECK(claim[3] == "k");
    CHECK(claim[4] == "rec");
    CHECK(claim[5] == "3000");
    CHECK(claim[6] == "0");
    CHECK(claim_command("k", "rec", 3000, true)[6] == "1");
    const auto load = load_command(server_load{{"e1", "h", 1, 2}, true, 0, 0, 0}, 900);
    CHECK(load == std::vector<std::string>{"SET", "lal:server:e1", "1 e1 h 1 2 1 0 0 0", "PX", "900"});

    CHECK(hops_in_query("") == 0);
    CHECK(hops_in_query("lal_cluster_hops=2") == 2);
    CHECK(hops_in_query("a=1&lal_cluster_hops=3&b=2") == 3);
    CHECK(hops_in_query("lal_cluster_hopsx=3") == 0);
    CHECK(hops_in_query("lal_cluster_hops=x") == 0);
    CHECK(hops_in_query("lal_cluster_hops=99999999999") == 0);
    CHECK(pull_url("127.0.0.1:1935", "live", "test", 1) == "rtmp://127.0.0.1:1935/live/test?lal_cluster_hops=1");
    CHECK(valid_token("origin-a"));
    CHECK_FALSE(valid_token("a b"));
    CHECK_FALSE(valid_token(""));
    CHECK_FALSE(valid_token(std::string(129, 'x')));
}

#include "config.hpp"

TEST_CASE("the cluster section's keys are checked", "[cluster][config]") {
    using lal::server::parse_config;
    std::string error;
    auto c = parse_config(R"({"cluster": {"enable": true, "server_id": "o1", "registry": "redis://10.0.0.1:7000",
                            "on_conflict": "takeover", "parent": "10.0.0.2:1935", "ttl_ms": 3000}})",
                          error);
    INFO(error);
    REQUIRE(c);
    CHECK(c->cluster.server_id == "o1");
    CHECK(c->cluster.on_conflict == "takeover");
    CHECK_FALSE(parse_config(R"({"cluster": {"on_conflict": "merge"}})", error));
    CHECK(error.find("cluster.on_conflict") != std::string::npos);
    CHECK_FALSE(parse_config(R"({"cluster": {"server_id": "a b"}})", error));
    CHECK_FALSE(parse_config(R"({"cluster": {"registry": "tcp://h:1"}})", error));
    CHECK_FALSE(parse_config(R"({"cluster": {"parent": ":1935"}})", error));
    CHECK_FALSE(parse_config(R"({"cluster": {"enable": true, "ttl_ms": 1000, "timeout_ms": 500}})", error));
    CHECK(error.find("cluster.ttl_ms") != std::string::npos);
}
