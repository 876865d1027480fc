// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/http/error.hpp>
#include <lal/http/query.hpp>

using lal::http::errc;
using lal::http::query_param;

TEST_CASE("queries split into decoded pairs in order", "[http][query]") {
    auto q = lal::http::parse_query("token=a%2Bb&name=x+y&&flag&empty=&k=v=w&%E4%BD%A0=1");
    REQUIRE(q);
    CHECK(*q == std::vector<query_param>{{"token", "a+b"}, {"name", "x y"}, {"flag", ""}, {"empty", ""},
                                         {"k", "v=w"}, {"\xE4\xBD\xA0", "1"}});
    CHECK(lal::http::parse_query("")->empty());
    CHECK(lal::http::parse_query("a=%4").error() == errc::bad_query);
    CHECK(lal::http::parse_query("a=%zz").error() == errc::bad_query);
    CHECK(lal::http::status_for(errc::bad_query) == 400);
}

TEST_CASE("query_value finds the first parameter by decoded name", "[http][query]") {
    CHECK(lal::http::query_value("a=1&b=2&a=3", "a") == "1");
    CHECK(lal::http::query_value("x%20y=z", "x y") == "z");
    CHECK_FALSE(lal::http::query_value("a=1", "b"));
    CHECK(lal::http::query_value("a=%zz&a=2", "a") == "2");  // a bad escape counts as absent
}

TEST_CASE("percent_decode keeps '+' unless asked, and every decoded byte", "[http][query]") {
    CHECK(*lal::http::percent_decode("a+b%20c") == "a+b c");
    CHECK(*lal::http::percent_decode("a+b", true) == "a b");
    CHECK(*lal::http::percent_decode("%00%2f") == std::string("\0/", 2));
    CHECK(lal::http::percent_decode("%").error() == errc::bad_query);
}
