// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include <lal/net/error.hpp>
#include <lal/net/listen_address.hpp>

using lal::net::errc;
using lal::net::parse_listen_address;
using lal::net::resolve_listen_address;

TEST_CASE("listen addresses: host:port, :port and [v6]:port", "[net][listen_address]") {
    auto any = parse_listen_address(":1935");
    REQUIRE(any);
    CHECK(any->host.empty());
    CHECK(any->port == 1935);
    CHECK(any->str() == ":1935");

    auto v4 = parse_listen_address("127.0.0.1:8080");
    REQUIRE(v4);
    CHECK(v4->host == "127.0.0.1");
    CHECK(v4->port == 8080);
    CHECK(v4->str() == "127.0.0.1:8080");

    auto name = parse_listen_address("localhost:0");
    REQUIRE(name);
    CHECK(name->host == "localhost");
    CHECK(name->port == 0);

    auto v6 = parse_listen_address("[::1]:80");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == 80);
    CHECK(v6->str() == "[::1]:80");

    auto top = parse_listen_address("[::ffff:127.0.0.1]:65535");
    REQUIRE(top);
    CHECK(top->port == 65535);
}

TEST_CASE("every malformed listen address gets its own error", "[net][listen_address]") {
    const std::pair<const char*, errc> cases[] = {
        {"", errc::empty_address},
        {"1935", errc::missing_colon},
        {"localhost", errc::missing_colon},
        {":", errc::empty_port},
        {"127.0.0.1:", errc::empty_port},
        {"127.0.0.1:x", errc::bad_port},
        {"host:12x", errc::bad_port},
        {"host:-1", errc::bad_port},
        {"host:+80", errc::bad_port},
        {"host: 80", errc::bad_port},
        {":65536", errc::port_out_of_range},
        {":99999999999999999999999", errc::port_out_of_range},
        {"[::1:80", errc::missing_bracket},
        {"::1]:80", errc::missing_bracket},
        {"[::1]80", errc::missing_colon_after_bracket},
        {"[::1]", errc::missing_colon_after_bracket},
        {"[]:80", errc::empty_host},
        {"[127.0.0.1]:80", errc::bad_ipv6},
        {"[nonsense]:80", errc::bad_ipv6},
        {"::1:80", errc::ipv6_needs_brackets},
        {"[::1]:", errc::empty_port},
        {"[::1]:70000", errc::port_out_of_range},
    };
    for (const auto& [text, expected] : cases) {
        INFO('"' << text << '"');
        auto a = parse_listen_address(text);
        REQUIRE_FALSE(a);
        CHECK(a.error() == expected);
        CHECK(a.error().category().name() == std::string("lal.net"));
        CHECK_FALSE(a.error().message().empty());
    }
}

TEST_CASE("resolving a listen address gives the endpoint to bind", "[net][listen_address]") {
    auto any = resolve_listen_address(":1935");
    REQUIRE(any);
    CHECK(any->port() == 1935);
    CHECK(any->address().is_unspecified());
    CHECK(any->address().is_v6());  // dual stack where the system allows

    auto v4 = resolve_listen_address("127.0.0.1:0");
    REQUIRE(v4);
    CHECK(v4->address() == asio::ip::make_address("127.0.0.1"));

    auto v6 = resolve_listen_address("[::1]:8");
    REQUIRE(v6);
    CHECK(v6->address() == asio::ip::make_address("::1"));
    CHECK(v6->port() == 8);

    auto name = resolve_listen_address("localhost:0");
    REQUIRE(name);
    CHECK(name->address().is_loopback());

    auto bad = resolve_listen_address("127.0.0.1:65536");
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == errc::port_out_of_range);
}
