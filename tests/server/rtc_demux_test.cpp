// SPDX-License-Identifier: MIT
// The WebRTC port's demultiplexer: checks by their USERNAME's local ufrag,
// everything else by the nominated address, hostile datagrams nowhere.
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "rtc_demux.hpp"

using namespace lal::server;
namespace stun = lal::stun;

namespace {
stun::transport_address v4(std::uint8_t last, std::uint16_t port) {
    stun::transport_address a;
    a.bytes[0] = 127;
    a.bytes[3] = last;
    a.port = port;
    return a;
}

std::vector<std::byte> check(std::string_view username) {
    const stun::transaction_id id{};
    const std::string_view pwd = "0123456789abcdefghijklmn";
    return stun::message_builder(stun::method::binding, stun::message_class::request, id)
        .add_username(username)
        .finish(lal::as_byte_span(pwd));
}

std::vector<std::byte> bytes(std::initializer_list<int> b) {
    std::vector<std::byte> out;
    for (int x : b) out.push_back(static_cast<std::byte>(x));
    return out;
}
}  // namespace

TEST_CASE("rtc_demux routes checks by local ufrag and the rest by the learned address") {
    rtc_demux d;
    REQUIRE(d.add("aaaa1111", 1));
    REQUIRE(d.add("bbbb2222", 2));
    CHECK_FALSE(d.add("aaaa1111", 3));  // a ufrag names one session
    CHECK(d.size() == 2);

    const auto alice = v4(1, 5000);
    const auto bob = v4(2, 6000);
    CHECK(d.route(check("aaaa1111:remote"), alice) == 1u);
    CHECK(d.route(check("bbbb2222:remote"), alice) == 2u);  // the USERNAME wins over the address
    CHECK_FALSE(d.route(check("nobody00:remote"), alice));  // an unknown ufrag goes nowhere
    CHECK_FALSE(d.route(check("nocolon"), alice));

    // DTLS (RFC 7983 20..63) and SRTP (128..191) from unknown addresses: nowhere.
    const auto dtls = bytes({22, 0xfe, 0xfd, 0, 0});
    const auto srtp = bytes({0x80, 0x60, 0, 1});
    CHECK_FALSE(d.route(dtls, alice));
    d.learn(alice, 1);
    d.learn(bob, 2);
    CHECK(d.route(dtls, alice) == 1u);
    CHECK(d.route(srtp, bob) == 2u);
    CHECK_FALSE(d.route(srtp, v4(1, 5001)));  // another port is another address

    // A peer that moves (a new nominated pair) takes its address along.
    d.learn(alice, 2);
    CHECK(d.route(dtls, alice) == 2u);

    d.remove(2);
    CHECK_FALSE(d.route(dtls, alice));
    CHECK_FALSE(d.route(check("bbbb2222:remote"), bob));
    CHECK(d.route(check("aaaa1111:remote"), bob) == 1u);
    CHECK(d.size() == 1);
}

TEST_CASE("rtc_demux sends truncated and garbage STUN where its address goes") {
    rtc_demux d;
    REQUIRE(d.add("aaaa1111", 1));
    const auto alice = v4(1, 5000);
    auto truncated = check("aaaa1111:remote");
    truncated.resize(30);
    CHECK_FALSE(d.route(truncated, alice));
    CHECK_FALSE(d.route({}, alice));
    d.learn(alice, 1);
    CHECK(d.route(truncated, alice) == 1u);  // its ICE agent counts and drops it
    CHECK(d.route(bytes({0, 1, 0, 0}), alice) == 1u);
}
