// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>

#include <lal/avc/annexb_splitter.hpp>
#include <lal/avc/nalu.hpp>

#include "data_path.hpp"
#include "hex.hpp"
#include "split_feed.hpp"

using namespace lal::avc;
using lal::test::hex;
using lal::test::to_hex;

namespace {

struct split_result {
    std::vector<std::string> units;
    std::error_code error;
    bool operator==(const split_result&) const = default;
};

template <class Feeder>
split_result run_splitter(Feeder&& feed_all, std::size_t max = default_max_nal_size) {
    annexb_splitter s(max);
    split_result r;
    auto drain = [&] {
        while (auto u = s.next()) r.units.push_back(to_hex(u->bytes()));
    };
    feed_all([&](lal::byte_span piece) {
        auto ec = s.feed(piece);
        if (ec && !r.error) r.error = ec;
        drain();
    });
    auto ec = s.finish();
    if (ec && !r.error) r.error = ec;
    drain();
    return r;
}

}  // namespace

TEST_CASE("Annex-B splitter yields the same units as split_annexb at every split point",
          "[avc][annexb][splitter]") {
    auto in = hex("00 00 00 00 01 67 42 00 00 01 68 ce 00 00 00 00 00 01 65 88 00 03 01 00 00 "
                  "00 00 01 06 00 00 02 00 00 00 01 09 f0 00");
    auto reference = split_annexb(in);
    REQUIRE(reference.has_value());
    std::vector<std::string> expected;
    for (auto n : *reference) expected.push_back(to_hex(n));
    REQUIRE(expected.size() == 5);

    auto results = lal::test::all_feedings(in, [](const auto& feeder) { return run_splitter(feeder); });
    for (const auto& r : results) {
        CHECK_FALSE(r.error);
        CHECK(r.units == expected);
    }
}

TEST_CASE("Annex-B splitter on the test file matches split_annexb", "[avc][annexb][splitter]") {
    const auto file = lal::test::read_data("media/h264_5s.h264");
    auto reference = split_annexb(file);
    REQUIRE(reference.has_value());
    std::vector<std::string> expected;
    for (auto n : *reference) expected.push_back(to_hex(n));

    auto whole = run_splitter([&](const auto& f) { f(file); });
    CHECK_FALSE(whole.error);
    CHECK(whole.units == expected);
    auto bytewise = run_splitter([&](const auto& f) { lal::test::feed_bytewise(file, f); });
    CHECK(bytewise == whole);
    std::mt19937 rng(11);
    auto pieces = run_splitter([&](const auto& f) {
        std::size_t pos = 0;
        while (pos < file.size()) {
            auto n = std::min<std::size_t>(file.size() - pos, rng() % 5000);
            f(std::span(file).subspan(pos, n));
            pos += n;
        }
    });
    CHECK(pieces == whole);
    // Every split point of the first 4 KiB (SEI, SPS, PPS and the IDR start).
    auto head = std::span(file).first(4096);
    auto results = lal::test::all_feedings(head, [](const auto& feeder) { return run_splitter(feeder); });
    REQUIRE(results.front().units.size() == 4);
    for (const auto& r : results) CHECK(r == results.front());
}

TEST_CASE("Annex-B splitter errors", "[avc][annexb][splitter][errors]") {
    SECTION("data before the first start code") {
        auto in = hex("00 00 09 00 00 01 09 f0");
        auto results = lal::test::all_feedings(in, [](const auto& feeder) { return run_splitter(feeder); });
        for (const auto& r : results) {
            CHECK(r.error == errc::missing_start_code);
            CHECK(r.units.empty());
        }
    }
    SECTION("a unit over the limit, after the units before it") {
        auto in = hex("00 00 01 09 f0 00 00 01 65 11 22 33 44 55 66 77 88");
        auto results = lal::test::all_feedings(in, [](const auto& feeder) { return run_splitter(feeder, 8); });
        for (const auto& r : results) {
            CHECK(r.error == errc::nal_unit_too_large);
            CHECK(r.units == std::vector<std::string>{"09f0"});
        }
        // Exactly at the limit is fine; trailing zeros are not part of the unit.
        std::vector<std::byte> at_limit(in.begin(), in.end() - 1);
        at_limit.insert(at_limit.end(), 3, std::byte{0});
        auto ok = run_splitter([&](const auto& f) { f(at_limit); }, 8);
        CHECK_FALSE(ok.error);
        CHECK(ok.units.size() == 2);
    }
    SECTION("a dead splitter stays dead; finish restarts a live one") {
        annexb_splitter s;
        CHECK(s.feed(hex("42")) == errc::missing_start_code);
        CHECK(s.feed(hex("00 00 01 09")) == errc::missing_start_code);
        CHECK(s.finish() == errc::missing_start_code);

        annexb_splitter t;
        CHECK_FALSE(t.feed(hex("00 00 01 09 f0")));
        CHECK_FALSE(t.next().has_value());  // may still grow
        CHECK_FALSE(t.finish());
        CHECK(to_hex(t.next()->bytes()) == "09f0");
        CHECK(t.feed(hex("09")) == errc::missing_start_code);
    }
}
