// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/http/error.hpp>
#include <lal/http/url.hpp>

using lal::http::errc;
using lal::http::parse_url;

TEST_CASE("http URLs are split into host, port and target", "[http][url]") {
    auto u = parse_url("http://127.0.0.1:8080/live/test.flv?a=1#frag");
    REQUIRE(u);
    CHECK(u->host == "127.0.0.1");
    CHECK(u->port == 8080);
    CHECK(u->target == "/live/test.flv?a=1");
    CHECK(u->path() == "/live/test.flv");
    CHECK(u->query() == "a=1");
    CHECK(lal::http::to_string(*u) == "http://127.0.0.1:8080/live/test.flv?a=1");

    auto plain = parse_url("HTTP://Example.COM");
    REQUIRE(plain);
    CHECK(plain->host == "example.com");
    CHECK(plain->port == 80);
    CHECK(plain->target == "/");
    CHECK(lal::http::host_header(*plain) == "example.com");

    auto v6 = parse_url("http://[::1]:9000?x");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->target == "/?x");
    CHECK(lal::http::host_header(*v6) == "[::1]:9000");
    CHECK(parse_url("http://h:/a")->port == 80);  // empty port means the default
    // Hex digits of an IPv6 address are lower-cased like names, so to_string() parses back the same.
    auto upper = parse_url("http://[FE80::AB]/x");
    REQUIRE(upper);
    CHECK(upper->host == "fe80::ab");
    CHECK(*parse_url(lal::http::to_string(*upper)) == *upper);

    auto secure = parse_url("HTTPS://h/a.flv");
    REQUIRE(secure);
    CHECK(secure->scheme == "https");
    CHECK(secure->port == 443);
    CHECK(lal::http::host_header(*secure) == "h");
    CHECK(lal::http::to_string(*secure) == "https://h/a.flv");
    CHECK(parse_url("https://h:8443/a.flv")->port == 8443);
    CHECK(parse_url("ftp://h/a.flv").error() == errc::unsupported_scheme);
    CHECK(parse_url("rtmp://h/live/a").error() == errc::unsupported_scheme);
    for (auto bad : {"", "h/a.flv", "http:/h/a", "http://", "http://:80/a", "http://h:0/", "http://h:65536/",
                     "http://h:8x/", "http://user:pw@h/", "http://h/a b", "http://h/\x01", "http://[::1/",
                     "http://[]/", "http://h_^/", "1http://h/",
                     // found by fuzz/http_url: brackets around something that is not IPv6
                     "http://[DDDDDDDDDD]/8DD:ht':", "http://[1.2.3.4]/"}) {
        INFO(bad);
        CHECK(parse_url(bad).error() == errc::bad_url);
    }
}

TEST_CASE("Location references resolve against the request URL (RFC 3986 5.2)", "[http][url]") {
    auto base = *parse_url("http://origin:8080/live/sub/a.flv?x=1");
    auto resolve = [&](std::string_view ref) {
        auto r = lal::http::resolve_reference(base, ref);
        REQUIRE(r);
        return lal::http::to_string(*r);
    };
    CHECK(resolve("http://edge/live/b.flv") == "http://edge/live/b.flv");
    CHECK(resolve("//edge:81/b.flv") == "http://edge:81/b.flv");
    CHECK(resolve("/other/c.flv?t=2") == "http://origin:8080/other/c.flv?t=2");
    CHECK(resolve("b.flv") == "http://origin:8080/live/sub/b.flv");
    CHECK(resolve("../b.flv") == "http://origin:8080/live/b.flv");
    CHECK(resolve("./x/../b.flv#f") == "http://origin:8080/live/sub/b.flv");
    CHECK(resolve("../../../../b.flv") == "http://origin:8080/b.flv");
    CHECK(resolve("?y=2") == "http://origin:8080/live/sub/a.flv?y=2");
    CHECK(resolve("") == "http://origin:8080/live/sub/a.flv?x=1");
    CHECK(lal::http::resolve_reference(base, "ftp://edge/").error() == errc::unsupported_scheme);
    CHECK(resolve("https://edge/x.flv") == "https://edge/x.flv");
    CHECK(lal::http::resolve_reference(base, "/a b").error() == errc::bad_url);
}
