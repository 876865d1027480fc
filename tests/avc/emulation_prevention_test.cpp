// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/avc/nalu.hpp>

#include "hex.hpp"

using namespace lal::avc;
using lal::test::hex;
using lal::test::to_hex;

TEST_CASE("emulation prevention bytes are removed", "[avc][rbsp]") {
    CHECK(to_hex(remove_emulation_prevention(hex("00 00 03 01 00 00 03 00 00 03"))) == "00000100000000");
    // 00 00 03 03: only the first 03 is an escape.
    CHECK(to_hex(remove_emulation_prevention(hex("00 00 03 03 00"))) == "00000300");
    // 00 03 (one zero) is data.
    CHECK(to_hex(remove_emulation_prevention(hex("00 03 00 00 04"))) == "0003000004");
    CHECK(remove_emulation_prevention({}).empty());
}

TEST_CASE("emulation prevention bytes are inserted where 7.4.1 requires", "[avc][rbsp]") {
    std::vector<std::byte> out;
    append_emulation_prevention(hex("00 00 00 00 00 01 00 00 02 00 00 03 00 00 04 00"), out);
    CHECK(to_hex(out) == "0000030000030001000003020000030300000400" "03");
}

TEST_CASE("insert then remove is the identity, and leaves no start code", "[avc][rbsp]") {
    std::mt19937 rng(5);
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::byte> rbsp(rng() % 64);
        // Mostly zeros and small values so that escapes are frequent. A real
        // RBSP ends in its stop bit, then possibly cabac_zero_words (00 00).
        for (auto& b : rbsp) b = static_cast<std::byte>(rng() % 3 ? rng() % 4 : rng());
        rbsp.push_back(std::byte{0x80});
        for (auto words = rng() % 3; words > 0; --words) rbsp.insert(rbsp.end(), 2, std::byte{0});
        std::vector<std::byte> nal{std::byte{0x06}};
        append_emulation_prevention(rbsp, nal);
        CHECK(remove_emulation_prevention(std::span(nal).subspan(1)) == rbsp);
        auto units = split_annexb([&] {
            std::vector<std::byte> stream = hex("00 00 00 01");
            stream.insert(stream.end(), nal.begin(), nal.end());
            return stream;
        }());
        REQUIRE(units.has_value());
        REQUIRE(units->size() == 1);
        CHECK(units->front().size() == nal.size());
    }
}
