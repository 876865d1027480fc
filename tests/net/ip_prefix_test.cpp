// SPDX-License-Identifier: MIT
// IP addresses and CIDR blocks (lal/net/ip_prefix.hpp): the text forms of
// RFC 4291 2.2 and RFC 4632 3.1, IPv4-mapped clients, and every refusal.
#include <catch2/catch.hpp>

#include <string>

#include <lal/net/error.hpp>
#include <lal/net/ip_prefix.hpp>

using lal::net::errc;
using lal::net::ip_prefix_list;
using lal::net::parse_ip_address;
using lal::net::parse_ip_prefix;

namespace {

std::string round_trip(const char* text) {
    auto a = parse_ip_address(text);
    return a ? a->str() : "error: " + a.error().message();
}

bool in(const char* prefix, const char* address) {
    auto p = parse_ip_prefix(prefix);
    auto a = parse_ip_address(address);
    REQUIRE(p);
    REQUIRE(a);
    return p->contains(*a);
}

}  // namespace

TEST_CASE("addresses: dotted quads and the IPv6 text forms", "[net][ip_prefix]") {
    CHECK(round_trip("0.0.0.0") == "0.0.0.0");
    CHECK(round_trip("255.255.255.255") == "255.255.255.255");
    CHECK(round_trip("2001:DB8:0:0:8:800:200C:417A") == "2001:db8::8:800:200c:417a");  // RFC 4291 2.2 form 1
    CHECK(round_trip("ff01::101") == "ff01::101");                                       // form 2
    CHECK(round_trip("::1") == "::1");
    CHECK(round_trip("::") == "::");
    CHECK(round_trip("1::") == "1::");
    CHECK(round_trip("::13.1.68.3") == "::d01:4403");                                    // form 3
    CHECK(round_trip("1:0:0:2:0:0:0:3") == "1:0:0:2::3");  // RFC 5952 4.2.3: the longest run
    CHECK(round_trip("1:0:0:2:0:0:3:4") == "1::2:0:0:3:4");  // the first of equal runs
    CHECK(round_trip("1:0:2:3:4:5:6:7") == "1:0:2:3:4:5:6:7");  // one zero group stays
    auto v6 = parse_ip_address("::1");
    REQUIRE(v6);
    CHECK(v6->v6);
    CHECK(v6->bits() == 128);
}

TEST_CASE("an IPv4-mapped address is the IPv4 address", "[net][ip_prefix]") {
    auto a = parse_ip_address("::ffff:127.0.0.1");
    REQUIRE(a);
    CHECK_FALSE(a->v6);
    CHECK(a->str() == "127.0.0.1");
    CHECK(*a == *parse_ip_address("127.0.0.1"));
    CHECK(*parse_ip_address("::FFFF:7f00:2") == *parse_ip_address("127.0.0.2"));
    CHECK(in("127.0.0.0/8", "::ffff:127.9.9.9"));
    auto mapped = parse_ip_prefix("::ffff:10.0.0.0/104");  // 96 bits of ::ffff:0:0/96 + 8
    REQUIRE(mapped);
    CHECK(mapped->str() == "10.0.0.0/8");
    CHECK(parse_ip_prefix("::ffff:0.0.0.0/95").error() == errc::bad_prefix_length);
}

TEST_CASE("malformed addresses are refused", "[net][ip_prefix]") {
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.-4", "1..3.4", "1.2.3.4 ",
                            " 1.2.3.4", "a.b.c.d", "1.2.3.4:80", "[::1]", "::1%eth0", ":::", "1:::2", "1::2::3",
                            ":1::", "1:", ":1", "12345::", "g::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                            "1:2:3:4:5:6:7::8", "::1.2.3.4:5", "1.2.3.4::", "::1.2.3", "::256.1.1.1",
                            "1:2:3:4:5:6:7:8.8.8.8", "1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20"}) {
        INFO(bad);
        auto a = parse_ip_address(bad);
        REQUIRE_FALSE(a);
        CHECK(a.error() == errc::bad_ip_address);
    }
    CHECK(parse_ip_address("1:2:3:4:5:6:1.2.3.4"));  // the dotted quad as the last two groups
    CHECK(parse_ip_address("1:2:3:4:5:6:7::"));      // "::" for one group
}

TEST_CASE("CIDR blocks match the addresses in their first bits", "[net][ip_prefix]") {
    CHECK(in("127.0.0.0/8", "127.255.0.1"));
    CHECK_FALSE(in("127.0.0.0/8", "128.0.0.1"));
    CHECK(in("127.0.0.1/32", "127.0.0.1"));
    CHECK_FALSE(in("127.0.0.1/32", "127.0.0.2"));
    CHECK(in("127.0.0.1", "127.0.0.1"));  // a bare address is a block of one
    CHECK(in("0.0.0.0/0", "8.8.8.8"));
    CHECK_FALSE(in("0.0.0.0/0", "::1"));  // families never mix
    CHECK_FALSE(in("::/0", "8.8.8.8"));
    CHECK(in("::/0", "2001:db8::1"));
    CHECK(in("10.128.0.0/9", "10.200.1.1"));
    CHECK_FALSE(in("10.128.0.0/9", "10.127.1.1"));
    CHECK(in("2001:db8::/32", "2001:db8:ffff::1"));
    CHECK_FALSE(in("2001:db8::/32", "2001:db9::1"));
    CHECK(in("fe80::/10", "febf::1"));
    CHECK_FALSE(in("fe80::/10", "fec0::1"));
    CHECK(in("::1/128", "::1"));
    CHECK(parse_ip_prefix("2001:db8::/32")->str() == "2001:db8::/32");
}

TEST_CASE("malformed CIDR blocks are refused with the fault", "[net][ip_prefix]") {
    CHECK(parse_ip_prefix("10.0.0.1/8").error() == errc::prefix_host_bits);
    CHECK(parse_ip_prefix("10.128.0.0/8").error() == errc::prefix_host_bits);
    CHECK(parse_ip_prefix("2001:db8::1/32").error() == errc::prefix_host_bits);
    CHECK(parse_ip_prefix("10.0.0.0/33").error() == errc::bad_prefix_length);
    CHECK(parse_ip_prefix("::/129").error() == errc::bad_prefix_length);
    CHECK(parse_ip_prefix("10.0.0.0/").error() == errc::bad_prefix_length);
    CHECK(parse_ip_prefix("10.0.0.0/08").error() == errc::bad_prefix_length);
    CHECK(parse_ip_prefix("10.0.0.0/+8").error() == errc::bad_prefix_length);
    CHECK(parse_ip_prefix("10.0.0.0/8/8").error() == errc::bad_prefix_length);
    CHECK(parse_ip_prefix("10.0.0/8").error() == errc::bad_ip_address);
    CHECK(parse_ip_prefix("/8").error() == errc::bad_ip_address);
    CHECK(parse_ip_prefix("10.0.0.0/0").error() == errc::prefix_host_bits);
    CHECK(parse_ip_prefix("0.0.0.0/0"));
}

TEST_CASE("a prefix list matches when any block does", "[net][ip_prefix]") {
    ip_prefix_list list;
    CHECK(list.empty());
    list.add(*parse_ip_prefix("10.0.0.0/8"));
    list.add(*parse_ip_prefix("::1"));
    list.add(*parse_ip_prefix("10.0.0.0/8"));
    CHECK(list.prefixes().size() == 2);
    const auto* hit = list.match(*parse_ip_address("10.1.2.3"));
    REQUIRE(hit);
    CHECK(hit->str() == "10.0.0.0/8");
    CHECK(list.match(*parse_ip_address("::1")));
    CHECK_FALSE(list.match(*parse_ip_address("11.0.0.1")));
    CHECK(list.remove(*parse_ip_prefix("::1/128")));
    CHECK_FALSE(list.remove(*parse_ip_prefix("::1/128")));
    CHECK_FALSE(list.match(*parse_ip_address("::1")));
}

TEST_CASE("the host of a peer endpoint's text", "[net][ip_prefix]") {
    using lal::net::host_of_endpoint;
    CHECK(host_of_endpoint("10.0.0.1:5000") == "10.0.0.1");
    CHECK(host_of_endpoint("[::1]:5000") == "::1");
    CHECK(host_of_endpoint("[::ffff:127.0.0.1]:80") == "::ffff:127.0.0.1");
    CHECK(host_of_endpoint("::1") == "::1");
    CHECK(host_of_endpoint("10.0.0.1") == "10.0.0.1");
}
