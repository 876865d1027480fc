// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/base/bytes.hpp>
#include <lal/httpflv/client_request.hpp>
#include <lal/httpflv/error.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/httpflv/url.hpp>

using lal::httpflv::errc;
using lal::httpflv::flv_route;
using lal::httpflv::parse_flv_route;
using lal::httpflv::parse_url;

TEST_CASE("/<app>/<stream>.flv routes, the stream being everything up to the final .flv", "[httpflv][route]") {
    CHECK(*parse_flv_route("/live/test.flv", "token=1") == flv_route{"live", "test", "token=1"});
    CHECK(*parse_flv_route("/live/a.b.c.flv") == flv_route{"live", "a.b.c", ""});
    CHECK(*parse_flv_route("/live/test.flv.flv") == flv_route{"live", "test.flv", ""});
    CHECK(*parse_flv_route("/live/sub/test.flv") == flv_route{"live/sub", "test", ""});
    CHECK(*parse_flv_route("/live/a b.flv") == flv_route{"live", "a b", ""});
    for (auto bad : {"/live/test", "/live/test.FLV", "/test.flv", "/.flv", "/live/.flv", "//test.flv",
                     "/live//test.flv", "/../test.flv", "/live/../x.flv", "/./x.flv", "/live/..flv",
                     "live/test.flv", "*", "/", ""}) {
        INFO(bad);
        CHECK(parse_flv_route(bad).error() == errc::route_not_found);
    }
    CHECK(lal::httpflv::status_for(parse_flv_route("/x").error()) == 404);
}

TEST_CASE("the GET a puller sends", "[httpflv][client]") {
    auto u = *parse_url("http://127.0.0.1:8080/live/test.flv?k=v");
    CHECK(lal::httpflv::make_get_request(u) ==
          "GET /live/test.flv?k=v HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: lal-httpflvpull\r\n"
          "Accept: */*\r\nConnection: close\r\n\r\n");
    lal::httpflv::get_options head;
    head.head = true;
    head.user_agent.clear();
    CHECK(lal::httpflv::make_get_request(*parse_url("http://h/x.flv"), head) ==
          "HEAD /x.flv HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nConnection: close\r\n\r\n");
}

TEST_CASE("the FLV head is lal::http's stream head with Content-Type video/x-flv", "[httpflv][response]") {
    lal::httpflv::request req;
    req.method = "GET";
    auto encoded = lal::httpflv::flv_stream_response(req).encode();
    CHECK(lal::as_string_view(encoded.bytes()) == "HTTP/1.1 200 OK\r\nServer: lal\r\nAccess-Control-Allow-Origin: *\r\n"
                  "Content-Type: video/x-flv\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");
}
