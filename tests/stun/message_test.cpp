// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/stun/message.hpp>

#include "hex.hpp"

using lal::test::hex;
namespace stun = lal::stun;

namespace {

// RFC 5769 2.1: a Binding request with the ICE attributes, short-term credentials.
const auto sample_request = hex(
    "00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"
    "80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74"
    "00 24 00 04 6e 00 01 ff"
    "80 29 00 08 93 2f f9 b1 51 26 3b 36"
    "00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20"
    "00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2"
    "80 28 00 04 e5 7a 3b cf");

// RFC 5769 2.2 and 2.3: success responses mapping 192.0.2.1:32853 and
// [2001:db8:1234:5678:11:2233:4455:6677]:32853.
const auto sample_v4_response = hex(
    "01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"
    "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20"
    "00 20 00 08 00 01 a1 47 e1 12 a6 43"
    "00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7"
    "80 28 00 04 c0 7d 4c 96");
const auto sample_v6_response = hex(
    "01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"
    "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20"
    "00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9"
    "00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41"
    "80 28 00 04 c8 fb 0b 4c");

const std::string_view password = "VOkJxbRl1RmTxUk/WvJxBt";

stun::transaction_id sample_id() {
    stun::transaction_id id{};
    auto b = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");
    std::copy(b.begin(), b.end(), id.begin());
    return id;
}

}  // namespace

TEST_CASE("The RFC 5769 sample request parses with its ICE attributes, integrity and fingerprint", "[stun][message]") {
    REQUIRE(stun::looks_like_stun(sample_request));
    auto m = stun::parse(sample_request);
    REQUIRE(m);
    CHECK(m->method == stun::method::binding);
    CHECK(m->cls == stun::message_class::request);
    CHECK(m->id == sample_id());
    CHECK(*stun::username(*m) == "evtj:h6vY");
    CHECK(*stun::priority(*m) == 0x6e0001ffu);
    CHECK(stun::tie_breaker(*m, stun::attr::ice_controlled) == 0x932ff9b151263b36ull);
    CHECK_FALSE(stun::tie_breaker(*m, stun::attr::ice_controlling));
    CHECK_FALSE(stun::use_candidate(*m));
    CHECK_FALSE(stun::check_fingerprint(*m));
    CHECK_FALSE(stun::check_integrity(*m, lal::as_byte_span(password)));
    CHECK(stun::check_integrity(*m, lal::as_byte_span("VOkJxbRl1RmTxUk/WvJxBT")) == stun::errc::bad_integrity);
}

TEST_CASE("The RFC 5769 sample responses give their XOR-mapped IPv4 and IPv6 addresses", "[stun][message]") {
    auto v4 = stun::parse(sample_v4_response);
    REQUIRE(v4);
    CHECK(v4->cls == stun::message_class::success);
    auto a = stun::xor_mapped_address(*v4);
    REQUIRE(a);
    CHECK_FALSE(a->v6);
    CHECK(a->port == 32853);
    CHECK(std::vector<std::uint8_t>(a->bytes.begin(), a->bytes.begin() + 4) == std::vector<std::uint8_t>{192, 0, 2, 1});
    CHECK_FALSE(stun::check_integrity(*v4, lal::as_byte_span(password)));
    CHECK_FALSE(stun::check_fingerprint(*v4));

    auto v6 = stun::parse(sample_v6_response);
    REQUIRE(v6);
    auto b = stun::xor_mapped_address(*v6);
    REQUIRE(b);
    CHECK(b->v6);
    CHECK(b->port == 32853);
    auto expect = hex("20 01 0d b8 12 34 56 78 00 11 22 33 44 55 66 77");
    CHECK(lal::test::to_hex(std::as_bytes(std::span(b->bytes))) == lal::test::to_hex(expect));
    CHECK_FALSE(stun::check_integrity(*v6, lal::as_byte_span(password)));
    CHECK_FALSE(stun::check_fingerprint(*v6));
}

TEST_CASE("A built response reproduces the RFC 5769 IPv4 sample's address, integrity and fingerprint", "[stun][builder]") {
    // The sample pads SOFTWARE with a space; building with that same value
    // (padded with zero instead) still round-trips through our own checks.
    stun::transport_address addr;
    addr.bytes[0] = 192;
    addr.bytes[2] = 2;
    addr.bytes[3] = 1;
    addr.port = 32853;
    auto out = stun::message_builder(stun::method::binding, stun::message_class::success, sample_id())
                   .add_xor_mapped_address(addr)
                   .finish(lal::as_byte_span(password));
    // Header, XOR-MAPPED-ADDRESS as in the sample, then integrity and fingerprint.
    CHECK(lal::test::to_hex(std::span(out).first(32)) ==
          "0101002c2112a442b7e7a701bc34d686fa87dfae002000080001a147e112a643");
    auto m = stun::parse(out);
    REQUIRE(m);
    CHECK(*stun::xor_mapped_address(*m) == addr);
    CHECK_FALSE(stun::check_integrity(*m, lal::as_byte_span(password)));
    CHECK_FALSE(stun::check_fingerprint(*m));
}

TEST_CASE("Builder and parser agree on every ICE attribute and on ERROR-CODE", "[stun][builder]") {
    stun::transport_address v6{true, {0x20, 0x01, 0x0d, 0xb8}, 5000};
    auto out = stun::message_builder(stun::method::binding, stun::message_class::error, sample_id())
                   .add_username("abc:defg")
                   .add_priority(1234)
                   .add_use_candidate()
                   .add_tie_breaker(stun::attr::ice_controlling, 0x0102030405060708ull)
                   .add_error_code(487, "Role Conflict")
                   .add_xor_mapped_address(v6)
                   .finish({}, true);
    auto m = stun::parse(out);
    REQUIRE(m);
    CHECK(m->cls == stun::message_class::error);
    CHECK(m->method == stun::method::binding);
    CHECK(*stun::username(*m) == "abc:defg");
    CHECK(*stun::priority(*m) == 1234);
    CHECK(stun::use_candidate(*m));
    CHECK(stun::tie_breaker(*m, stun::attr::ice_controlling) == 0x0102030405060708ull);
    auto e = stun::error_code(*m);
    REQUIRE(e);
    CHECK(e->code == 487);
    CHECK(e->reason == "Role Conflict");
    CHECK(*stun::xor_mapped_address(*m) == v6);
    CHECK(stun::check_integrity(*m, lal::as_byte_span(password)) == stun::errc::missing_attribute);
    CHECK_FALSE(stun::check_fingerprint(*m));
}

TEST_CASE("Every class bit pattern and a 12-bit method survive a round trip", "[stun][builder]") {
    for (auto cls : {stun::message_class::request, stun::message_class::indication, stun::message_class::success,
                     stun::message_class::error}) {
        for (std::uint16_t method : {0x001, 0x0abc, 0x0fff}) {
            auto out = stun::message_builder(method, cls, sample_id()).finish({}, false);
            auto m = stun::parse(out);
            REQUIRE(m);
            CHECK(m->method == method);
            CHECK(m->cls == cls);
        }
    }
}

TEST_CASE("Every truncation of a valid message is refused without reading past it", "[stun][message]") {
    for (std::size_t n = 0; n < sample_request.size(); ++n) {
        auto m = stun::parse(std::span(sample_request).first(n));
        REQUIRE_FALSE(m);
    }
}

TEST_CASE("Malformed headers and attributes get precise errors", "[stun][message]") {
    auto bad = sample_request;
    bad[0] = std::byte{0x40};
    CHECK(stun::parse(bad).error() == stun::errc::not_stun);
    CHECK_FALSE(stun::looks_like_stun(bad));

    bad = sample_request;
    bad[5] = std::byte{0};
    CHECK(stun::parse(bad).error() == stun::errc::not_stun);

    bad = sample_request;
    bad[3] = std::byte{0x57};  // length not a multiple of 4
    CHECK(stun::parse(bad).error() == stun::errc::bad_length);

    bad = sample_request;
    bad.push_back(std::byte{0});  // trailing bytes after the message
    CHECK(stun::parse(bad).error() == stun::errc::bad_length);

    // SOFTWARE claims 0x40 bytes: runs past the message.
    bad = sample_request;
    bad[23] = std::byte{0x40};
    CHECK(stun::parse(bad).error() == stun::errc::bad_attribute);

    // An attribute after FINGERPRINT.
    auto tail = stun::message_builder(stun::method::binding, stun::message_class::request, sample_id()).finish({}, true);
    tail.insert(tail.end(), {std::byte{0}, std::byte{0x24}, std::byte{0}, std::byte{4}, std::byte{0}, std::byte{0},
                             std::byte{0}, std::byte{1}});
    tail[3] = static_cast<std::byte>(tail.size() - 20);
    CHECK(stun::parse(tail).error() == stun::errc::fingerprint_not_last);

    // A flipped bit anywhere before the fingerprint breaks it.
    bad = sample_request;
    bad[30] ^= std::byte{1};
    auto m = stun::parse(bad);
    REQUIRE(m);
    CHECK(stun::check_fingerprint(*m) == stun::errc::bad_fingerprint);
    CHECK(stun::check_integrity(*m, lal::as_byte_span(password)) == stun::errc::bad_integrity);

    // Attribute count limit.
    stun::parse_limits few;
    few.max_attributes = 3;
    CHECK(stun::parse(sample_request, few).error() == stun::errc::too_many_attributes);

    // Wrong value lengths for typed attributes.
    auto odd = stun::message_builder(stun::method::binding, stun::message_class::request, sample_id())
                   .add(stun::attr::priority, hex("01 02"))
                   .add(stun::attr::xor_mapped_address, hex("00 03 00 00 00 00 00 00"))
                   .finish({}, false);
    auto o = stun::parse(odd);
    REQUIRE(o);
    CHECK(stun::priority(*o).error() == stun::errc::bad_attribute);
    CHECK(stun::xor_mapped_address(*o).error() == stun::errc::bad_attribute);
    CHECK(stun::username(*o).error() == stun::errc::missing_attribute);
}

TEST_CASE("Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored", "[stun][message]") {
    // RFC 8489 14.5: a PRIORITY placed after the integrity is not covered by it.
    auto out = stun::message_builder(stun::method::binding, stun::message_class::request, sample_id())
                   .add_username("a:b")
                   .finish(lal::as_byte_span(password), false);
    auto extra = hex("00 24 00 04 00 00 00 07");
    out.insert(out.end(), extra.begin(), extra.end());
    lal::store_be(out.data() + 2, out.size() - 20, 2);
    auto m = stun::parse(out);
    REQUIRE(m);
    CHECK(stun::priority(*m).error() == stun::errc::missing_attribute);
    CHECK_FALSE(stun::check_integrity(*m, lal::as_byte_span(password)));
}

TEST_CASE("CRC-32 matches the ITU-T V.42 check value", "[stun][crc]") {
    CHECK(stun::crc32(lal::as_byte_span("123456789")) == 0xcbf43926u);
}
