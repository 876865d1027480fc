// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtsp/auth.hpp>
#include <lal/rtsp/error.hpp>
#include <lal/rtsp/message.hpp>

namespace rtsp = lal::rtsp;

TEST_CASE("MD5 and SHA-256 hex digests (RFC 1321 A.5, FIPS 180-4)", "[rtsp][auth]") {
    CHECK(rtsp::md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(rtsp::md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(rtsp::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("Digest answer of RFC 2617 3.5", "[rtsp][auth]") {
    auto c = rtsp::parse_challenge(
        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
        "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    REQUIRE(c);
    CHECK(c->scheme == rtsp::auth_scheme::digest);
    CHECK(c->realm == "testrealm@host.com");
    auto a = rtsp::answer(*c, {"Mufasa", "Circle Of Life"}, "GET", "/dir/index.html", "0a4f113b", 1);
    REQUIRE(a);
    CHECK(a->response == "6629fae49393a05397450978507c4ef1");
    CHECK(a->nc == "00000001");
    CHECK(rtsp::to_string(*a) ==
          "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
          "uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", qop=auth, nc=00000001, "
          "cnonce=\"0a4f113b\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    auto back = rtsp::parse_authorization(rtsp::to_string(*a));
    REQUIRE(back);
    CHECK(rtsp::verify(*back, {"Mufasa", "Circle Of Life"}, "GET", "testrealm@host.com",
                       "dcd98b7102dd2f0e8b11d0f600bfb0c093"));
    CHECK_FALSE(rtsp::verify(*back, {"Mufasa", "Circle of Life"}, "GET", "testrealm@host.com",
                             "dcd98b7102dd2f0e8b11d0f600bfb0c093"));
    CHECK_FALSE(rtsp::verify(*back, {"Mufasa", "Circle Of Life"}, "POST", "testrealm@host.com",
                             "dcd98b7102dd2f0e8b11d0f600bfb0c093"));
    CHECK_FALSE(rtsp::verify(*back, {"Mufasa", "Circle Of Life"}, "GET", "testrealm@host.com", "stale"));
}

TEST_CASE("Digest MD5 and SHA-256 answers of RFC 7616 3.9.1", "[rtsp][auth]") {
    rtsp::challenge c;
    c.realm = "http-auth@example.org";
    c.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    c.opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    c.qop = "auth, auth-int";
    const rtsp::credentials who{"Mufasa", "Circle of Life"};
    const auto cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    c.algorithm = "MD5";
    CHECK(rtsp::answer(c, who, "GET", "/dir/index.html", cnonce)->response == "8ca523f5e9506fed4657c9700eebdbec");
    c.algorithm = "SHA-256";
    CHECK(rtsp::answer(c, who, "GET", "/dir/index.html", cnonce)->response ==
          "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    c.algorithm = "SHA-512-256";
    CHECK(rtsp::answer(c, who, "GET", "/dir/index.html", cnonce).error() == rtsp::errc::bad_auth);
}

TEST_CASE("a camera's Digest without qop, answered and checked by the server", "[rtsp][auth]") {
    // RTSP servers commonly send RFC 2069-style challenges: no qop, no algorithm.
    rtsp::challenge server_side{rtsp::auth_scheme::digest, "lal", "8b2e5c1f", "", "", "", false};
    CHECK(rtsp::to_string(server_side) == "Digest realm=\"lal\", nonce=\"8b2e5c1f\"");
    auto c = rtsp::parse_challenge(rtsp::to_string(server_side));
    REQUIRE(c);
    const rtsp::credentials who{"admin", "pa:ss\"word"};
    auto a = rtsp::answer(*c, who, "DESCRIBE", "rtsp://127.0.0.1:5544/live/x");
    REQUIRE(a);
    CHECK(a->response == rtsp::md5_hex(rtsp::md5_hex("admin:lal:pa:ss\"word") + ":8b2e5c1f:" +
                                       rtsp::md5_hex("DESCRIBE:rtsp://127.0.0.1:5544/live/x")));
    auto req = rtsp::make_request("DESCRIBE", "rtsp://127.0.0.1:5544/live/x", 3);
    CHECK(rtsp::check_request(req, server_side, who) == rtsp::errc::unauthorized);
    req.headers.push_back({"Authorization", rtsp::to_string(*a)});
    CHECK_FALSE(rtsp::check_request(req, server_side, who));
    CHECK(rtsp::check_request(req, server_side, {"admin", "other"}) == rtsp::errc::unauthorized);
    req.method = "SETUP";
    CHECK(rtsp::check_request(req, server_side, who) == rtsp::errc::unauthorized);
}

TEST_CASE("Basic (RFC 7617 2)", "[rtsp][auth]") {
    auto c = rtsp::parse_challenge("Basic realm=\"WallyWorld\"");
    REQUIRE(c);
    CHECK(c->scheme == rtsp::auth_scheme::basic);
    auto a = rtsp::answer(*c, {"Aladdin", "open sesame"}, "OPTIONS", "*");
    REQUIRE(a);
    CHECK(rtsp::to_string(*a) == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    auto back = rtsp::parse_authorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    REQUIRE(back);
    CHECK(back->username == "Aladdin");
    CHECK(back->password == "open sesame");
    CHECK(rtsp::verify(*back, {"Aladdin", "open sesame"}, "PLAY", "", ""));
    CHECK_FALSE(rtsp::verify(*back, {"Aladdin", "sesame"}, "PLAY", "", ""));
}

TEST_CASE("malformed challenges and authorizations are bad_auth", "[rtsp][auth]") {
    for (auto v : {"", "Bearer realm=\"x\"", "Digest nonce=\"n\"", "Digest realm=\"x\"", "Basic", "Digest realm=\"x",
                   "Digest realm"}) {
        CAPTURE(v);
        CHECK(rtsp::parse_challenge(v).error() == rtsp::errc::bad_auth);
    }
    for (auto v : {"", "Basic !!!", "Basic bm9jb2xvbg==", "Digest username=\"a\"", "Negotiate abc"}) {
        CAPTURE(v);
        CHECK(rtsp::parse_authorization(v).error() == rtsp::errc::bad_auth);
    }
}
