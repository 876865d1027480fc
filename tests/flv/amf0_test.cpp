// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/amf0.hpp>

#include <cstring>
#include <random>
#include <string>

#include "hex.hpp"

namespace amf0 = lal::flv::amf0;
using lal::flv::errc;
using lal::test::hex;

namespace {

amf0::value decode_one(const std::vector<std::byte>& bytes) {
    lal::byte_reader r(bytes);
    auto v = amf0::decode(r);
    REQUIRE(v.has_value());
    CHECK(r.empty());
    return *v;
}

std::error_code decode_error(const std::vector<std::byte>& bytes, amf0::decode_options opt = {}) {
    lal::byte_reader r(bytes);
    auto v = amf0::decode(r, opt);
    REQUIRE_FALSE(v.has_value());
    CHECK(r.position() == 0);  // a failed decode does not move the reader
    return v.error();
}

// Checks both directions: `v` encodes to `bytes`, and `bytes` decodes to `v`.
void check_vector(const amf0::value& v, const std::vector<std::byte>& bytes) {
    CHECK(lal::test::to_hex(amf0::encode(v)) == lal::test::to_hex(bytes));
    CHECK(decode_one(bytes) == v);
}

}  // namespace

TEST_CASE("AMF0 scalars encode and decode byte-exactly", "[flv][amf0]") {
    check_vector(1.0, hex("00 3f f0 00 00 00 00 00 00"));
    check_vector(-2.5, hex("00 c0 04 00 00 00 00 00 00"));
    check_vector(amf0::value(7), hex("00 40 1c 00 00 00 00 00 00"));
    check_vector(true, hex("01 01"));
    check_vector(false, hex("01 00"));
    check_vector("live", hex("02 00 04 6c 69 76 65"));
    check_vector("", hex("02 00 00"));
    check_vector(amf0::null{}, hex("05"));
    check_vector(amf0::undefined{}, hex("06"));
    check_vector(amf0::reference{0x0102}, hex("07 01 02"));
    check_vector(amf0::date{1.0, -60}, hex("0b 3f f0 00 00 00 00 00 00 ff c4"));
    check_vector(amf0::xml_document{"<a/>"}, hex("0f 00 00 00 04 3c 61 2f 3e"));
}

TEST_CASE("AMF0 any non-zero boolean byte is true", "[flv][amf0]") {
    CHECK(decode_one(hex("01 02")) == amf0::value(true));
}

TEST_CASE("AMF0 unsupported marker decodes as undefined", "[flv][amf0]") {
    CHECK(decode_one(hex("0d")).is_undefined());
}

TEST_CASE("AMF0 strings over 65535 bytes use the long-string marker", "[flv][amf0]") {
    std::string big(70000, 'x');
    auto bytes = amf0::encode(amf0::value(big));
    REQUIRE(bytes.size() == 5 + big.size());
    CHECK(lal::test::to_hex(std::span(bytes).first(5)) == "0c00011170");
    CHECK(decode_one(bytes).as_string() == big);

    std::string edge(65535, 'y');
    auto short_bytes = amf0::encode(amf0::value(edge));
    CHECK(lal::test::to_hex(std::span(short_bytes).first(3)) == "02ffff");

    // A long string that would fit a short one still decodes to the same text.
    CHECK(decode_one(hex("0c 00 00 00 02 68 69")) == amf0::value("hi"));
}

TEST_CASE("AMF0 object keeps property order and ends with 00 00 09", "[flv][amf0]") {
    amf0::object o{{"app", "live"}, {"n", 1}};
    check_vector(o, hex("03"
                        "00 03 61 70 70 02 00 04 6c 69 76 65"
                        "00 01 6e 00 3f f0 00 00 00 00 00 00"
                        "00 00 09"));
    amf0::object reversed{{"n", 1}, {"app", "live"}};
    CHECK_FALSE(amf0::value(o) == amf0::value(reversed));
    check_vector(amf0::object{}, hex("03 00 00 09"));
}

TEST_CASE("AMF0 ECMA array keeps the declared count for exact round trips", "[flv][amf0]") {
    amf0::ecma_array e{{"duration", 0.0}};
    check_vector(e, hex("08 00 00 00 01"
                        "00 08 64 75 72 61 74 69 6f 6e 00 00 00 00 00 00 00 00 00"
                        "00 00 09"));
    // Writers often put 0 here; the pairs still run to the object end.
    auto bytes = hex("08 00 00 00 00 00 01 61 01 01 00 00 09");
    auto v = decode_one(bytes);
    REQUIRE(v.is_ecma_array());
    CHECK(v.as_ecma_array()->declared_count == 0u);
    CHECK(v.get("a")->as_boolean() == true);
    CHECK(amf0::encode(v) == bytes);
}

TEST_CASE("AMF0 strict array and typed object", "[flv][amf0]") {
    check_vector(amf0::strict_array{1.0, "a", amf0::null{}},
                 hex("0a 00 00 00 03 00 3f f0 00 00 00 00 00 00 02 00 01 61 05"));
    check_vector(amf0::strict_array{}, hex("0a 00 00 00 00"));
    check_vector(amf0::typed_object("Pt", {{"x", 2}}),
                 hex("10 00 02 50 74 00 01 78 00 40 00 00 00 00 00 00 00 00 00 09"));
}

TEST_CASE("AMF0 RTMP connect command decodes as a sequence", "[flv][amf0]") {
    std::vector<amf0::value> cmd{"connect", 1.0,
                                 amf0::object{{"app", "live"},
                                              {"tcUrl", "rtmp://127.0.0.1/live"},
                                              {"fpad", false},
                                              {"audioCodecs", 3575.0}},
                                 amf0::null{}};
    std::vector<std::byte> body;
    amf0::encode_all(cmd, body);
    auto back = amf0::decode_all(body);
    REQUIRE(back.has_value());
    REQUIRE(back->size() == 4);
    CHECK(*back == cmd);
    const auto& info = (*back)[2];
    CHECK(info.get("app")->as_string() == "live");
    CHECK(info.get("fpad")->as_boolean() == false);
    CHECK(info.get("missing") == nullptr);
    CHECK((*back)[0].as_number() == std::nullopt);  // wrong type: empty, no throw
    CHECK((*back)[1].as_string() == std::nullopt);
    CHECK((*back)[1].get("app") == nullptr);
    CHECK((*back)[3].is_null());
}

TEST_CASE("AMF0 property_map set replaces or appends", "[flv][amf0]") {
    amf0::ecma_array e{{"a", 1}};
    e.set("b", "x");
    e.set("a", 2);
    REQUIRE(e.size() == 2);
    CHECK(e.properties[0].key == "a");
    CHECK(e.get("a")->as_number() == 2.0);
    CHECK(e.get("b")->as_string() == "x");
}

TEST_CASE("AMF0 nested values round-trip", "[flv][amf0]") {
    amf0::value v = amf0::object{
        {"list", amf0::strict_array{1, 2, amf0::object{{"deep", amf0::ecma_array{{"k", "v"}}}}}},
        {"when", amf0::date{1.5e12, 0}},
        {"ref", amf0::reference{1}},
        {"t", amf0::typed_object("C", {{"u", amf0::undefined{}}})},
        {"xml", amf0::xml_document{"<x/>"}},
    };
    auto bytes = amf0::encode(v);
    CHECK(decode_one(bytes) == v);
    CHECK(amf0::encode(decode_one(bytes)) == bytes);
}

TEST_CASE("AMF0 rejects AMF3, reserved markers and stray object ends", "[flv][amf0]") {
    CHECK(decode_error(hex("11 04 01")) == errc::amf0_amf3_unsupported);
    CHECK(decode_error(hex("04")) == errc::amf0_unknown_marker);
    CHECK(decode_error(hex("0e")) == errc::amf0_unknown_marker);
    CHECK(decode_error(hex("12")) == errc::amf0_unknown_marker);
    CHECK(decode_error(hex("ff")) == errc::amf0_unknown_marker);
    CHECK(decode_error(hex("09")) == errc::amf0_unexpected_object_end);
    // A nested AMF3 switch is reported too, not hidden behind another error.
    CHECK(decode_error(hex("03 00 01 61 11 00")) == errc::amf0_amf3_unsupported);
    CHECK(amf0::decode_all(hex("02 00 01 61 11")).error() == errc::amf0_amf3_unsupported);
}

TEST_CASE("AMF0 depth limit stops deep nesting", "[flv][amf0]") {
    auto nested = [](std::size_t levels) {
        amf0::value v = 1.0;
        for (std::size_t i = 0; i < levels; ++i) v = amf0::object{{"k", std::move(v)}};
        return amf0::encode(v);
    };
    CHECK(decode_one(nested(amf0::default_max_depth)).is_object());
    CHECK(decode_error(nested(amf0::default_max_depth + 1)) == errc::amf0_too_deep);
    CHECK(decode_error(nested(3), {.max_depth = 2}) == errc::amf0_too_deep);

    // Strict arrays count as nesting as well; 10000 levels fail cleanly, no stack overflow.
    std::vector<std::byte> arrays;
    for (int i = 0; i < 10000; ++i) {
        auto level = hex("0a 00 00 00 01");
        arrays.insert(arrays.end(), level.begin(), level.end());
    }
    arrays.push_back(std::byte{0x05});
    CHECK(decode_error(arrays) == errc::amf0_too_deep);
}

TEST_CASE("AMF0 huge counts and lengths fail before allocating", "[flv][amf0]") {
    CHECK(decode_error(hex("0a ff ff ff ff 05 05 05 05 05")) == errc::truncated);
    CHECK(decode_error(hex("0c ff ff ff ff 61 62")) == errc::truncated);
    CHECK(decode_error(hex("0f ff ff ff f0 61")) == errc::truncated);
    CHECK(decode_error(hex("02 ff ff 61")) == errc::truncated);
    CHECK(decode_error(hex("08 ff ff ff ff 00 00")) == errc::truncated);
}

TEST_CASE("AMF0 every strict prefix of a value is truncated", "[flv][amf0]") {
    amf0::value v = amf0::object{
        {"s", "str"}, {"n", 3}, {"b", true},
        {"a", amf0::strict_array{amf0::null{}, amf0::date{2, 0}}},
        {"e", amf0::ecma_array{{"x", amf0::reference{9}}}},
        {"t", amf0::typed_object("T", {{"l", std::string(70000, 'z')}})},
        {"x", amf0::xml_document{"<y/>"}},
    };
    auto bytes = amf0::encode(v);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        std::vector<std::byte> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        lal::byte_reader r(prefix);
        auto got = amf0::decode(r);
        REQUIRE_FALSE(got.has_value());
        REQUIRE(got.error() == errc::truncated);
        REQUIRE(r.position() == 0);
    }
    CHECK(decode_one(bytes) == v);
}

TEST_CASE("AMF0 random and mutated input never crashes and re-encodes stably", "[flv][amf0]") {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> byte_dist(0, 255);
    amf0::value seed = amf0::object{{"a", amf0::strict_array{1, "b"}},
                                    {"c", amf0::ecma_array{{"d", amf0::date{}}}}};
    auto valid = amf0::encode(seed);
    int decoded = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::vector<std::byte> in;
        if (iter % 2 == 0) {
            in.resize(static_cast<std::size_t>(rng() % 64));
            for (auto& b : in) b = static_cast<std::byte>(byte_dist(rng));
            if (!in.empty() && iter % 4 == 0) in[0] = static_cast<std::byte>(rng() % 0x12);
        } else {
            in = valid;
            for (int k = 0; k < 3; ++k) in[rng() % in.size()] = static_cast<std::byte>(byte_dist(rng));
        }
        auto all = amf0::decode_all(in);
        if (!all) continue;
        ++decoded;
        // Decoding our own encoding of what we decoded gives the same encoding.
        std::vector<std::byte> once;
        amf0::encode_all(*all, once);
        auto again = amf0::decode_all(once);
        REQUIRE(again.has_value());
        std::vector<std::byte> twice;
        amf0::encode_all(*again, twice);
        REQUIRE(once == twice);
    }
    CHECK(decoded > 0);
}
