// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <lal/srt/stream_id.hpp>

namespace srt = lal::srt;

namespace {
srt::stream_id parsed(std::string_view text) {
    auto id = srt::parse_stream_id(text);
    INFO(text);
    REQUIRE(id);
    return *id;
}

std::error_code error_of(std::string_view text) {
    auto id = srt::parse_stream_id(text);
    INFO(text);
    REQUIRE_FALSE(id);
    return id.error();
}
}  // namespace

TEST_CASE("the access-control convention names the resource and the mode", "[srt][stream_id]") {
    auto pub = parsed("#!::r=live/test,m=publish");
    CHECK(pub.app == "live");
    CHECK(pub.stream == "test");
    CHECK(pub.mode == srt::mode::publish);
    CHECK(pub.query.empty());
    CHECK(pub.host.empty());

    auto play = parsed("#!::r=live/test,m=request");
    CHECK(play.mode == srt::mode::request);
    // AccessControl.md: m defaults to request.
    CHECK(parsed("#!::r=live/test").mode == srt::mode::request);
    // Keys in any order; u and s are kept.
    auto all = parsed("#!::u=alice,m=publish,s=abc123,r=app/cam1,t=stream");
    CHECK(all.app == "app");
    CHECK(all.stream == "cam1");
    CHECK(all.user == "alice");
    CHECK(all.session == "abc123");
    CHECK(all.mode == srt::mode::publish);
}

TEST_CASE("SRS's form: h is the host when r names the stream", "[srt][stream_id]") {
    auto id = parsed("#!::h=example.com,r=live/livestream,m=publish");
    CHECK(id.host == "example.com");
    CHECK(id.app == "live");
    CHECK(id.stream == "livestream");
    CHECK(id.mode == srt::mode::publish);
    // SRS's query in the resource carries tokens.
    auto q = parsed("#!::r=live/livestream?secret=xyz&x=1,m=request");
    CHECK(q.stream == "livestream");
    CHECK(q.query == "secret=xyz&x=1");
}

TEST_CASE("lalmax's form: h names the stream of the default app", "[srt][stream_id]") {
    auto id = parsed("#!::h=test110,m=publish");
    CHECK(id.app == "live");
    CHECK(id.stream == "test110");
    CHECK(id.host.empty());
    CHECK(id.mode == srt::mode::publish);
    auto other = srt::parse_stream_id("#!::h=cam,m=request", {.default_app = "studio"});
    REQUIRE(other);
    CHECK(other->app == "studio");
    CHECK(parsed("#!::h=app2/cam,m=request").app == "app2");
}

TEST_CASE("a plain app/stream plays", "[srt][stream_id]") {
    auto id = parsed("live/test");
    CHECK(id.app == "live");
    CHECK(id.stream == "test");
    CHECK(id.mode == srt::mode::request);
    CHECK(parsed("live/test?lal_secret=abc").query == "lal_secret=abc");
    CHECK(parsed("test").app == "live");
}

TEST_CASE("unknown keys join the query, after the resource's own", "[srt][stream_id]") {
    auto id = parsed("#!::r=live/test?a=1,m=publish,lal_secret=0123,x=");
    CHECK(id.query == "a=1&lal_secret=0123&x=");
    CHECK(parsed("#!::r=live/test,lal_secret=0123").query == "lal_secret=0123");
}

TEST_CASE("malformed stream ids give precise errors", "[srt][stream_id]") {
    using srt::errc;
    CHECK(error_of("") == errc::empty);
    CHECK(error_of(std::string(513, 'a')) == errc::too_long);
    CHECK(srt::parse_stream_id("#!::r=live/" + std::string(512 - 11, 'a')).has_value());
    CHECK(error_of("#!::r=live/te\nst") == errc::bad_character);
    CHECK(error_of(std::string("live/te\0st", 10)) == errc::bad_character);
    CHECK(error_of("#!::") == errc::bad_pair);
    CHECK(error_of("#!::r=live/test,") == errc::bad_pair);
    CHECK(error_of("#!::r=live/test,m") == errc::bad_pair);
    CHECK(error_of("#!::=x,r=live/test") == errc::bad_pair);
    CHECK(error_of("#!::r=live/a,r=live/b") == errc::duplicate_key);
    CHECK(error_of("#!::m=publish,m=request,r=live/a") == errc::duplicate_key);
    CHECK(error_of("#!::m=publish") == errc::no_resource);
    CHECK(error_of("#!::u=bob,s=1") == errc::no_resource);
    CHECK(error_of("#!::r=/test") == errc::bad_resource);
    CHECK(error_of("#!::r=live/") == errc::bad_resource);
    CHECK(error_of("#!::r=live/a/b") == errc::bad_resource);
    CHECK(error_of("#!::r=live/a b") == errc::bad_resource);
    CHECK(error_of("#!::r=?x=1") == errc::bad_resource);
    CHECK(error_of("/live/test") == errc::bad_resource);
    CHECK(error_of("live/a,b") == errc::bad_resource);
    CHECK(error_of("live/test?a=1,m=publish") == errc::bad_resource);
    CHECK(error_of("#!::r=live/test,m=play") == errc::bad_mode);
    CHECK(error_of("#!::r=live/test,m=") == errc::bad_mode);
    CHECK(error_of("#!::r=live/test,m=bidirectional") == errc::unsupported_mode);
    CHECK(error_of("#!::r=live/test,t=file") == errc::unsupported_type);
    CHECK(error_of("#!::r=live/test,m=play").message() == "stream id mode is not request, publish or bidirectional");
}

TEST_CASE("parse errors map to the access-control reject codes", "[srt][stream_id]") {
    CHECK(srt::reject_code(srt::errc::bad_pair) == 1400);
    CHECK(srt::reject_code(srt::errc::no_resource) == 1400);
    CHECK(srt::reject_code(srt::errc::bad_mode) == 1405);
    CHECK(srt::reject_code(srt::errc::unsupported_mode) == 1405);
    CHECK(srt::reject_code(srt::errc::unsupported_type) == 1415);
}

TEST_CASE("to_string writes the convention's form, which parses back equal", "[srt][stream_id]") {
    for (auto text : {"#!::r=live/test,m=publish", "#!::h=h.example,r=live/s?a=b,m=request,u=me,s=9",
                      "#!::h=cam,m=publish", "live/x?y=1", "#!::r=a/b,m=publish,k=v,t=stream"}) {
        auto id = parsed(text);
        auto back = srt::parse_stream_id(srt::to_string(id));
        INFO(text << " -> " << srt::to_string(id));
        REQUIRE(back);
        CHECK(*back == id);
    }
    CHECK(srt::to_string(parsed("#!::h=cam,m=publish")) == "#!::r=live/cam,m=publish");
}
