// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/base/base64.hpp>

namespace {

std::vector<std::byte> bytes_of(std::string_view s) {
    auto b = lal::as_byte_span(s);
    return {b.begin(), b.end()};
}

}  // namespace

TEST_CASE("base64 strict and lenient rules decode the same valid text, and differ only where they should", "[base][base64]") {
    using lal::base64_rules;
    for (std::string_view plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        const auto coded = lal::base64_encode(lal::as_byte_span(plain));
        for (auto rules : {base64_rules::strict, base64_rules::lenient}) {
            auto back = lal::base64_decode(coded, rules);
            REQUIRE(back);
            CHECK(*back == bytes_of(plain));
        }
    }
    // Only lenient: missing padding, whitespace, the URL-safe alphabet (RFC 4648 5).
    for (std::string_view text : {"Zm9vYg", "Zm9v\r\nYg==", "_-8="}) {
        INFO(text);
        CHECK_FALSE(lal::base64_decode(text, base64_rules::strict));
        CHECK(lal::base64_decode(text, base64_rules::lenient));
    }
    // Neither: a symbol outside both alphabets, data after padding.
    for (std::string_view text : {"Zm*v", "Zg==Zg=="}) {
        INFO(text);
        CHECK_FALSE(lal::base64_decode(text, base64_rules::strict));
        CHECK_FALSE(lal::base64_decode(text, base64_rules::lenient));
    }
}
