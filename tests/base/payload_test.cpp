// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>

#include "hex.hpp"

using lal::test::hex;

TEST_CASE("a payload's copies and slices share one storage block", "[base][payload]") {
    auto p = lal::payload::adopt(hex("00 01 02 03 04 05"));
    auto copy = p;
    auto middle = p.slice(2, 3);
    CHECK(copy.shares_storage_with(p));
    CHECK(middle.shares_storage_with(p));
    CHECK(p.use_count() == 3);
    REQUIRE(middle.size() == 3);
    CHECK(middle.bytes()[0] == std::byte{2});
    CHECK(middle.slice(1).bytes()[0] == std::byte{3});
    CHECK(middle.slice(3).empty());
}

TEST_CASE("copy_from makes an independent payload equal byte for byte", "[base][payload]") {
    auto source = hex("aa bb cc");
    auto p = lal::payload::copy_from(source);
    source[0] = std::byte{0};
    CHECK(p.bytes()[0] == std::byte{0xaa});
    CHECK(p == lal::payload::copy_from(hex("aa bb cc")));
    CHECK_FALSE(p == lal::payload::copy_from(hex("aa bb")));
    CHECK(lal::payload{}.empty());
    CHECK(lal::payload{}.bytes().empty());
}

TEST_CASE("a result holds either a value or an error", "[base][result]") {
    lal::result<int> ok = 5;
    REQUIRE(ok.has_value());
    CHECK(*ok == 5);
    CHECK_FALSE(ok.error());
    lal::result<int> bad = std::make_error_code(std::errc::invalid_argument);
    CHECK_FALSE(bad.has_value());
    CHECK(bad.error() == std::errc::invalid_argument);
    CHECK(bad.value_or(7) == 7);
}
