// SPDX-License-Identifier: MIT
// Pieces of the control plane without sockets: MD5 (RFC 1321 A.5 vectors),
// simple_auth's verdicts, the IP access lists with the blacklist, the Prometheus text writer, and
// the config keys of http_api, http_notify, hooks and simple_auth.
#include <catch2/catch.hpp>

#include <optional>

#include <lal/rtsp/auth.hpp>

#include "config.hpp"
#include "ip_acl.hpp"
#include "prom_writer.hpp"
#include "simple_auth.hpp"

using namespace lal::server;
using lal::rtsp::md5_hex;  // simple_auth's hash, from libcrypto

TEST_CASE("md5 gives the RFC 1321 test suite's digests", "[server][ctrl]") {
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex("a") == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(md5_hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
          "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
          "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("simple_auth wants md5(key + stream) in lal_secret where its switch is on", "[server][ctrl]") {
    config::simple_auth_section a;
    a.key = "q191201771";
    a.pub_rtmp_enable = true;
    a.sub_httpflv_enable = true;
    simple_auth auth(a);
    const auto good = md5_hex("q191201771test110");
    lal::hub::admission_request r{lal::hub::admission_action::publish, {"live", "test110"}, "lal_secret=" + good,
                                  "rtmp", "1.2.3.4:5"};
    CHECK(auth.verdict(r).empty());
    r.query = "x=1&lal_secret=" + good;
    CHECK(auth.verdict(r).empty());
    std::string upper = good;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    r.query = "lal_secret=" + upper;
    CHECK(auth.verdict(r).empty());  // compared without case, as lal-Go does
    r.query = "lal_secret=0000";
    CHECK(auth.verdict(r).find("does not match") != std::string::npos);
    r.query = "";
    CHECK(auth.verdict(r).find("missing") != std::string::npos);
    r.action = lal::hub::admission_action::play;  // sub_rtmp_enable is off
    CHECK(auth.verdict(r).empty());
    r.protocol = "httpflv";
    CHECK_FALSE(auth.verdict(r).empty());
    r.protocol = "srt";  // sub_srt_enable is off, then on
    CHECK(auth.verdict(r).empty());
    a.sub_srt_enable = true;
    CHECK_FALSE(auth.verdict(r).empty());
    a.sub_srt_enable = false;
    r.protocol = "httpflv";
    a.dangerous_lal_secret = "master";
    r.query = "lal_secret=master";
    CHECK(auth.verdict(r).empty());
}

TEST_CASE("the IP access lists: blacklist, then deny, then allow", "[server][ctrl]") {
    using lal::net::parse_ip_address;
    using lal::net::parse_ip_prefix;
    std::uint64_t now = 0;
    config::ip_acl_section cfg;
    cfg.publish_allow = {"127.0.0.0/8", "::1"};
    cfg.publish_deny = {"127.0.0.1/32"};
    cfg.play_deny = {"10.0.0.0/8"};
    ip_acl acl(cfg, [&] { return now; });
    const auto publish = admission_action::publish;
    const auto play = admission_action::play;
    // Deny wins over allow; outside a non-empty allow list is refused; an empty allow list allows all.
    CHECK(acl.verdict(publish, *parse_ip_address("127.0.0.1")).find("ip_acl.publish_deny (127.0.0.1/32)") !=
          std::string::npos);
    CHECK(acl.verdict(publish, *parse_ip_address("127.0.0.2")).empty());
    CHECK(acl.verdict(publish, *parse_ip_address("::1")).empty());
    CHECK(acl.verdict(publish, *parse_ip_address("192.0.2.1")).find("not in ip_acl.publish_allow") !=
          std::string::npos);
    CHECK(acl.verdict(play, *parse_ip_address("192.0.2.1")).empty());
    CHECK_FALSE(acl.verdict(play, *parse_ip_address("10.1.1.1")).empty());
    CHECK(acl.verdict(play, *parse_ip_address("127.0.0.1")).empty());

    // The API's blacklist: both actions, until its time is up; 0 lifts it; a block covers its addresses.
    acl.blacklist(*parse_ip_prefix("127.0.0.2"), 2);
    acl.blacklist(*parse_ip_prefix("2001:db8::/32"), 10);
    CHECK(acl.verdict(publish, *parse_ip_address("127.0.0.2")).find("blacklist") != std::string::npos);
    CHECK(acl.verdict(play, *parse_ip_address("::ffff:127.0.0.2")).find("blacklist") != std::string::npos);
    CHECK_FALSE(acl.verdict(play, *parse_ip_address("2001:db8:1::5")).empty());
    now = 1999;
    CHECK_FALSE(acl.verdict(play, *parse_ip_address("127.0.0.2")).empty());
    now = 2000;
    CHECK(acl.verdict(play, *parse_ip_address("127.0.0.2")).empty());
    acl.blacklist(*parse_ip_prefix("2001:db8::/32"), 0);
    CHECK(acl.verdict(play, *parse_ip_address("2001:db8:1::5")).empty());

    // Through the admission interface, with the remote as the sessions give it.
    std::optional<admission_result> got;
    acl.check({publish, {"live", "s"}, "", "rtmp", "[::ffff:127.0.0.1]:4000"}, [&](admission_result r) { got = r; });
    REQUIRE(got);
    CHECK_FALSE(got->admitted);
    got.reset();
    acl.check({publish, {"live", "s"}, "", "rtmp", "127.0.0.3:4000"}, [&](admission_result r) { got = r; });
    REQUIRE(got);
    CHECK(got->admitted);
    got.reset();
    acl.check({publish, {"live", "s"}, "", "rtmp", "unknown"}, [&](admission_result r) { got = r; });
    REQUIRE(got);
    CHECK_FALSE(got->admitted);  // rules exist: what cannot be checked is refused
}

TEST_CASE("the Prometheus writer escapes label values and help text", "[server][ctrl]") {
    prom_writer w;
    w.family("lal_x_total", "counter", "a \\ b\nc");
    w.sample("lal_x_total", {{"stream", "a\"b\\c\nd"}}, 3);
    w.sample("lal_x_total", 0.5);
    CHECK(w.text() ==
          "# HELP lal_x_total a \\\\ b\\nc\n# TYPE lal_x_total counter\n"
          "lal_x_total{stream=\"a\\\"b\\\\c\\nd\"} 3\nlal_x_total 0.5\n");
}

TEST_CASE("the control plane's config keys are read and checked", "[server][ctrl]") {
    std::string error;
    auto c = parse_config(R"({"server_id": "e1", "http_api": {"enable": true, "addr": "127.0.0.1:9", "token": "t"},
        "http_notify": {"enable": true, "on_pub_start": "http://127.0.0.1:1/p", "queue_size": 8},
        "hooks": {"on_play": "http://h/p", "timeout_ms": 500, "fail_open": true},
        "simple_auth": {"key": "k", "sub_rtmp_enable": true}})",
                          error);
    REQUIRE(c);
    CHECK(c->server_id == "e1");
    CHECK(c->http_api.token == "t");
    CHECK(c->http_notify.queue_size == 8);
    CHECK(c->hooks.fail_open);
    CHECK(c->simple_auth.sub_rtmp_enable);
    CHECK_FALSE(parse_config(R"({"hooks": {"on_publish": "ftp://x/y"}})", error));
    CHECK(error.find("hooks.on_publish") == 0);
    CHECK_FALSE(parse_config(R"({"hooks": {"on_play": "http://h/p", "timeout_ms": 20000}})", error));
    CHECK(error.find("below timeouts.handshake_ms") != std::string::npos);
    CHECK_FALSE(parse_config(R"({"http_api": {"addr": "nope"}})", error));
    CHECK(error.find("http_api.addr") == 0);
}

TEST_CASE("the ip_acl config keys take CIDR blocks and name a bad one", "[server][ctrl]") {
    std::string error;
    auto c = parse_config(R"({"ip_acl": {"publish_allow": ["127.0.0.0/8", "::1"], "play_deny": ["10.0.0.0/8"]}})", error);
    REQUIRE(c);
    CHECK(c->ip_acl.publish_allow == std::vector<std::string>{"127.0.0.0/8", "::1"});
    CHECK(c->ip_acl.play_deny.size() == 1);
    CHECK_FALSE(parse_config(R"({"ip_acl": {"play_deny": ["10.0.0.0/8", "10.0.0.1/8"]}})", error));
    CHECK(error.find("ip_acl.play_deny: [1]: ") == 0);
    CHECK(error.find("bits are set after the prefix length") != std::string::npos);
    CHECK_FALSE(parse_config(R"({"ip_acl": {"publish_deny": "10.0.0.0/8"}})", error));
    CHECK(error.find("expected a list") != std::string::npos);
    CHECK(dump_config(*c).find("\"publish_allow\": [\n      \"127.0.0.0/8\"") != std::string::npos);
}
