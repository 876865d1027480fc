// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/http/request.hpp>
#include <lal/http/router.hpp>

using lal::http::match_kind;
using lal::http::route_match;
using lal::http::route_table;

namespace {

lal::http::request make(std::string method, std::string path) {
    lal::http::request r;
    r.method = std::move(method);
    r.path = std::move(path);
    return r;
}

/// The table of a streaming server: FLV and TS by suffix, HLS and an API by prefix, metrics exact.
route_table server_table() {
    route_table t;
    t.add(match_kind::suffix, ".flv", {"GET"});         // 0
    t.add(match_kind::suffix, ".ts", {"GET"});          // 1
    t.add(match_kind::prefix, "/hls/", {"GET"});        // 2
    t.add(match_kind::prefix, "/api/", {"GET"});        // 3
    t.add(match_kind::prefix, "/api/stat/", {"GET"});   // 4
    t.add(match_kind::exact, "/metrics", {"GET"});      // 5
    t.add(match_kind::prefix, "/api/", {"POST"});       // 6
    t.add(match_kind::suffix, "x.flv", {"GET"});        // 7
    return t;
}

std::string decide(const route_table& t, std::string_view method, std::string_view path) {
    auto m = t.match(method, path);
    switch (m.result) {
        case route_match::outcome::matched: return std::to_string(m.id);
        case route_match::outcome::not_found: return "404";
        case route_match::outcome::method_not_allowed: return "405 " + m.allow;
        case route_match::outcome::options: return "options " + m.allow;
    }
    return "?";
}

}  // namespace

TEST_CASE("exact beats the longest prefix, which beats the longest suffix", "[http][router]") {
    auto t = server_table();
    CHECK(decide(t, "GET", "/live/a.flv") == "0");
    CHECK(decide(t, "GET", "/live/x.ts") == "1");
    CHECK(decide(t, "GET", "/live/bx.flv") == "7");     // the longer suffix
    CHECK(decide(t, "GET", "/hls/live/a.ts") == "2");   // prefix over suffix
    CHECK(decide(t, "GET", "/hls/x.flv") == "2");
    CHECK(decide(t, "GET", "/api/stat/all") == "4");    // the longer prefix
    CHECK(decide(t, "GET", "/api/ctrl") == "3");
    CHECK(decide(t, "POST", "/api/ctrl") == "6");       // same pattern, other method
    CHECK(decide(t, "GET", "/metrics") == "5");
    CHECK(decide(t, "GET", "/metrics/x") == "404");
    CHECK(decide(t, "GET", "/live/a.m3u8") == "404");
    CHECK(decide(t, "GET", "/hls") == "404");

    // Registration order does not change the decision.
    route_table reversed;
    reversed.add(match_kind::suffix, "x.flv", {"GET"});
    reversed.add(match_kind::prefix, "/api/stat/", {"GET"});
    reversed.add(match_kind::prefix, "/api/", {"GET"});
    reversed.add(match_kind::suffix, ".flv", {"GET"});
    CHECK(decide(reversed, "GET", "/api/stat/x.flv") == "1");
    CHECK(decide(reversed, "GET", "/live/bx.flv") == "0");
    CHECK(decide(reversed, "GET", "/live/b.flv") == "3");
}

TEST_CASE("a matching path with a wrong method gets 405 with Allow, even if a weaker pattern would take it",
          "[http][router]") {
    auto t = server_table();
    CHECK(decide(t, "POST", "/live/a.flv") == "405 GET, HEAD, OPTIONS");
    CHECK(decide(t, "DELETE", "/api/x") == "405 GET, POST, HEAD, OPTIONS");
    CHECK(decide(t, "POST", "/hls/a.flv") == "405 GET, HEAD, OPTIONS");  // /hls/ wins, .flv is not tried
    CHECK(decide(t, "get", "/metrics") == "405 GET, HEAD, OPTIONS");      // methods are case-sensitive
    CHECK(decide(t, "POST", "/nothing") == "404");
}

TEST_CASE("HEAD is served by GET routes, OPTIONS answered from the path's methods", "[http][router]") {
    auto t = server_table();
    CHECK(decide(t, "HEAD", "/live/a.flv") == "0");
    CHECK(decide(t, "OPTIONS", "/api/x") == "options GET, POST, HEAD, OPTIONS");
    CHECK(decide(t, "OPTIONS", "/nothing") == "404");
    CHECK(decide(t, "OPTIONS", "*") == "options GET, POST, HEAD, OPTIONS");
    CHECK(decide(t, "GET", "*") == "404");

    route_table own;
    own.add(match_kind::exact, "/x", {"GET"});
    own.add(match_kind::exact, "/x", {"HEAD", "OPTIONS"});
    own.add(match_kind::prefix, "/any/", {});
    CHECK(decide(own, "HEAD", "/x") == "1");     // an explicit HEAD route wins over GET
    CHECK(decide(own, "OPTIONS", "/x") == "1");
    CHECK(decide(own, "PATCH", "/any/1") == "2");  // no methods: any method
    CHECK(decide(own, "PUT", "/x") == "405 GET, HEAD, OPTIONS");  // HEAD once, OPTIONS last
}

TEST_CASE("the router runs handlers or builds 404, 405 and OPTIONS answers", "[http][router]") {
    std::vector<std::string> calls;
    lal::http::router<std::vector<std::string>&> r;
    r.suffix(".flv", {"GET"}, [](const lal::http::request& req, std::vector<std::string>& log) {
         log.push_back("flv " + req.method + " " + req.path);
     })
        .prefix("/hls/", {"GET"}, [](const lal::http::request& req, std::vector<std::string>& log) {
            log.push_back("hls " + req.path);
        })
        .exact("/metrics", {"GET"}, [](const lal::http::request&, std::vector<std::string>& log) {
            log.push_back("metrics");
        });

    CHECK_FALSE(r.dispatch(make("GET", "/live/a.flv"), calls));
    CHECK_FALSE(r.dispatch(make("HEAD", "/live/a.flv"), calls));
    CHECK_FALSE(r.dispatch(make("GET", "/hls/a/index.m3u8"), calls));
    CHECK_FALSE(r.dispatch(make("GET", "/metrics"), calls));
    CHECK(calls == std::vector<std::string>{"flv GET /live/a.flv", "flv HEAD /live/a.flv", "hls /hls/a/index.m3u8",
                                            "metrics"});

    auto missing = r.dispatch(make("GET", "/x"), calls);
    REQUIRE(missing);
    CHECK(missing->status() == 404);
    auto wrong = r.dispatch(make("POST", "/metrics"), calls);
    REQUIRE(wrong);
    CHECK(wrong->status() == 405);
    CHECK(wrong->headers().find("Allow") == "GET, HEAD, OPTIONS");
    auto options = r.dispatch(make("OPTIONS", "/live/a.flv"), calls);
    REQUIRE(options);
    CHECK(options->status() == 204);
    CHECK(options->headers().find("Allow") == "GET, HEAD, OPTIONS");
    CHECK(options->headers().find("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
    CHECK(calls.size() == 4);
}
