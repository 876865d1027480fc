// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/avc/nalu.hpp>

#include "hex.hpp"

using namespace lal::avc;
using lal::test::hex;
using lal::test::to_hex;

namespace {

std::vector<std::string> hex_list(const std::vector<lal::byte_span>& nals) {
    std::vector<std::string> out;
    for (auto n : nals) out.push_back(to_hex(n));
    return out;
}

}  // namespace

TEST_CASE("NAL unit header fields and type names", "[avc][nalu]") {
    auto h = decode_nal_header(std::byte{0x67});
    CHECK_FALSE(h.forbidden_zero_bit);
    CHECK(h.nal_ref_idc == 3);
    CHECK(h.type == nal_unit_type::sps);
    CHECK(decode_nal_header(std::byte{0x65}).type == nal_unit_type::idr_slice);
    CHECK(decode_nal_header(std::byte{0x41}).nal_ref_idc == 2);
    CHECK(decode_nal_header(std::byte{0x06}).nal_ref_idc == 0);
    CHECK(to_string(nal_unit_type::sps) == "SPS");
    CHECK(to_string(nal_unit_type::idr_slice) == "IDR slice");
    CHECK(to_string(static_cast<nal_unit_type>(17)) == "reserved");
    CHECK(to_string(static_cast<nal_unit_type>(30)) == "unspecified");
    CHECK(is_vcl(nal_unit_type::non_idr_slice));
    CHECK(is_vcl(nal_unit_type::idr_slice));
    CHECK_FALSE(is_vcl(nal_unit_type::sei));

    auto parsed = parse_nal_header(hex("68 ef"));
    REQUIRE(parsed.has_value());
    CHECK(parsed->type == nal_unit_type::pps);
    CHECK(parse_nal_header({}).error() == errc::empty_nal_unit);
    CHECK(parse_nal_header(hex("e7")).error() == errc::forbidden_bit_set);
    CHECK(nal_type_of({}) == nal_unit_type::unspecified);
}

TEST_CASE("Annex-B split with 3- and 4-byte start codes and zero padding", "[avc][nalu][annexb]") {
    // Leading zeros, a 4-byte code, a 3-byte code, trailing zeros before a
    // 4-byte code, and trailing zeros at the end (B.2).
    auto in = hex("00 00 00 00 01 67 42 00 00 01 68 ce 00 00 00 00 00 01 65 88 00 03 01 00 00");
    auto nals = split_annexb(in);
    REQUIRE(nals.has_value());
    CHECK(hex_list(*nals) == std::vector<std::string>{"6742", "68ce", "6588000301"});
    // The views point into the input.
    CHECK((*nals)[0].data() == in.data() + 5);
}

TEST_CASE("Annex-B split edge cases", "[avc][nalu][annexb]") {
    CHECK(split_annexb({})->empty());
    CHECK(split_annexb(hex("00 00 00"))->empty());
    CHECK(split_annexb(hex("00 00 01"))->empty());
    CHECK(split_annexb(hex("00 00 01 00 00 01 09 f0"))->size() == 1);
    CHECK(split_annexb(hex("09 f0")).error() == errc::missing_start_code);
    CHECK(split_annexb(hex("00 01 09 f0")).error() == errc::missing_start_code);
    CHECK(split_annexb(hex("ff 00 00 01 09 f0")).error() == errc::missing_start_code);
    // 00 00 02 and emulation-prevented 00 00 03 are payload, not start codes.
    auto escaped = hex("00 00 01 06 00 00 02 00 00 03 01");
    auto nals = split_annexb(escaped);
    REQUIRE(nals.has_value());
    CHECK(hex_list(*nals) == std::vector<std::string>{"0600000200000301"});
}

TEST_CASE("AVCC split with 1, 2 and 4 byte lengths", "[avc][nalu][avcc]") {
    // The spans view the input, so it must outlive them.
    auto four_in = hex("00 00 00 02 09 f0 00 00 00 03 65 88 84");
    auto four = split_avcc(four_in, 4);
    REQUIRE(four.has_value());
    CHECK(hex_list(*four) == std::vector<std::string>{"09f0", "658884"});
    auto two_in = hex("00 02 09 f0 00 00 00 01 65");  // the zero length is skipped
    auto two = split_avcc(two_in, 2);
    REQUIRE(two.has_value());
    CHECK(hex_list(*two) == std::vector<std::string>{"09f0", "65"});
    auto one_in = hex("01 65 02 41 9a");
    auto one = split_avcc(one_in, 1);
    REQUIRE(one.has_value());
    CHECK(hex_list(*one) == std::vector<std::string>{"65", "419a"});
    CHECK(split_avcc({}, 4)->empty());
}

TEST_CASE("AVCC split bounds every length", "[avc][nalu][avcc][errors]") {
    CHECK(split_avcc(hex("00 00 00 05 65 88"), 4).error() == errc::nal_length_exceeds_data);
    CHECK(split_avcc(hex("ff ff ff ff 65"), 4).error() == errc::nal_length_exceeds_data);
    CHECK(split_avcc(hex("00 00 00 01 65 00 00"), 4).error() == errc::truncated);
    CHECK(split_avcc(hex("00 01 65"), 3).error() == errc::bad_length_size);
    CHECK(split_avcc(hex("00 01 65"), 0).error() == errc::bad_length_size);
    CHECK(split_avcc(hex("00 01 65"), 8).error() == errc::bad_length_size);
}

TEST_CASE("Annex-B <-> AVCC conversion", "[avc][nalu][convert]") {
    auto annexb = hex("00 00 00 01 67 42 00 00 00 01 68 ce 00 00 01 65 88 00 00 01 65 99");
    std::vector<std::byte> avcc;
    REQUIRE_FALSE(annexb_to_avcc(annexb, 4, avcc));
    CHECK(to_hex(avcc) == "00000002674200000002" "68ce" "000000026588" "000000026599");

    std::vector<std::byte> back;
    REQUIRE_FALSE(avcc_to_annexb(avcc, 4, back));
    // SPS, PPS and the first unit get 00 00 00 01; the second slice 00 00 01 (B.1.2).
    CHECK(to_hex(back) == to_hex(annexb));

    std::vector<std::byte> four;
    REQUIRE_FALSE(avcc_to_annexb(avcc, 4, four, start_code_style::always_four));
    CHECK(to_hex(four) == "00000001674200000001" "68ce" "000000016588" "000000016599");

    SECTION("two-byte lengths") {
        std::vector<std::byte> short_avcc;
        REQUIRE_FALSE(annexb_to_avcc(annexb, 2, short_avcc));
        CHECK(short_avcc.size() == avcc.size() - 8);
        std::vector<std::byte> again;
        REQUIRE_FALSE(avcc_to_annexb(short_avcc, 2, again));
        CHECK(again == annexb);
    }
    SECTION("a unit too long for one-byte lengths leaves the output untouched") {
        std::vector<std::byte> big = hex("00 00 01 65");
        big.resize(big.size() + 300, std::byte{0x11});
        std::vector<std::byte> out = hex("aa");
        CHECK(annexb_to_avcc(big, 1, out) == errc::nal_unit_too_large);
        CHECK(to_hex(out) == "aa");
        CHECK_FALSE(annexb_to_avcc(big, 2, out));
        CHECK(out.size() == 1 + 2 + 301);
    }
    SECTION("errors pass through") {
        std::vector<std::byte> out;
        CHECK(annexb_to_avcc(hex("65 88"), 4, out) == errc::missing_start_code);
        CHECK(avcc_to_annexb(hex("00 00 00 09 65"), 4, out) == errc::nal_length_exceeds_data);
        CHECK(out.empty());
    }
}

TEST_CASE("single NAL unit writers", "[avc][nalu][convert]") {
    std::vector<std::byte> out;
    append_annexb_nal(hex("09 f0"), true, out);
    append_annexb_nal(hex("65"), false, out);
    CHECK(to_hex(out) == "0000000109f000000165");
    out.clear();
    REQUIRE_FALSE(append_avcc_nal(hex("09 f0"), 1, out));
    REQUIRE_FALSE(append_avcc_nal(hex("09 f0"), 2, out));
    CHECK(to_hex(out) == "0209f0000209f0");
    CHECK(append_avcc_nal(hex("65"), 3, out) == errc::bad_length_size);
}
