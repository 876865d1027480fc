// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <array>
#include <string>

#include <lal/base/bytes.hpp>
#include <lal/http/base64.hpp>
#include <lal/http/error.hpp>
#include <lal/http/request_parser.hpp>
#include <lal/http/response_parser.hpp>
#include <lal/http/sha1.hpp>
#include <lal/http/websocket_handshake.hpp>

#include "hex.hpp"

using lal::http::errc;
using lal::test::bytes_of;
using lal::test::to_hex;

namespace {

lal::http::request parse_request(std::string_view text) {
    lal::http::request_parser p;
    auto bytes = bytes_of(text);
    REQUIRE_FALSE(p.feed(bytes));
    auto r = p.next();
    REQUIRE(r);
    return *r;
}

std::string text_of(const lal::payload& p) { return std::string(lal::as_string_view(p.bytes())); }

constexpr std::string_view rfc_request =  // RFC 6455 1.2, with the key of 1.3
    "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n"
    "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";

}  // namespace

TEST_CASE("SHA-1 matches the FIPS 180 examples", "[http][websocket][sha1]") {
    CHECK(to_hex(lal::http::sha1(std::string_view(""))) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(to_hex(lal::http::sha1(std::string_view("abc"))) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(to_hex(lal::http::sha1(std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(to_hex(lal::http::sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    // Padding edges: 55, 56 and 64 bytes put the length in one or two blocks.
    CHECK(to_hex(lal::http::sha1(std::string(55, 'a'))) == "c1c8bbdc22796e28c0e15163d20899b65621d65a");
    CHECK(to_hex(lal::http::sha1(std::string(56, 'a'))) == "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    CHECK(to_hex(lal::http::sha1(std::string(64, 'a'))) == "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

TEST_CASE("base64 matches the RFC 4648 10 vectors and decodes strictly", "[http][websocket][base64]") {
    const std::pair<std::string_view, std::string_view> vectors[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (auto [plain, coded] : vectors) {
        CHECK(lal::http::base64_encode(bytes_of(plain)) == coded);
        auto back = lal::http::base64_decode(coded);
        REQUIRE(back);
        CHECK(lal::as_string_view(*back) == plain);
    }
    CHECK(lal::http::base64_encode(lal::test::hex("fbff")) == "+/8=");
    for (auto bad : {"Zg=", "Zg", "Z===", "Zh==", "Zm9=", "Zg==Zg==", "Zm 9v", "Zm9v\n", "=Zm9"}) {
        INFO(bad);
        CHECK_FALSE(lal::http::base64_decode(bad));
    }
}

TEST_CASE("the server accepts the RFC 6455 1.3 handshake with its accept value", "[http][websocket][handshake]") {
    CHECK(lal::http::ws::accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    auto req = parse_request(rfc_request);
    CHECK(lal::http::ws::is_upgrade_request(req));
    auto hs = lal::http::ws::check_request(req);
    REQUIRE(hs);
    CHECK(hs->accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK(hs->protocols == std::vector<std::string>{"chat", "superchat"});
    CHECK(text_of(lal::http::ws::accept_response(*hs, "chat").encode()) ==
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
}

TEST_CASE("bad handshakes get 400, another version 426 with Sec-WebSocket-Version", "[http][websocket][handshake]") {
    auto check = [](std::string text) {
        auto req = parse_request(text);
        auto hs = lal::http::ws::check_request(req);
        REQUIRE_FALSE(hs);
        return hs.error();
    };
    const std::string key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const std::string v13 = "Sec-WebSocket-Version: 13\r\n";
    const std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    CHECK(check("POST /c HTTP/1.1\r\nHost: h\r\n" + upgrade + key + v13 + "\r\n") == errc::websocket_bad_method);
    CHECK(check("GET /c HTTP/1.0\r\n" + upgrade + key + v13 + "\r\n") == errc::websocket_bad_method);
    CHECK(check("GET /c HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n" + key + v13 + "\r\n") ==
          errc::websocket_no_upgrade);
    CHECK(check("GET /c HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n" + key + v13 + "\r\n") ==
          errc::websocket_no_upgrade);
    CHECK(check("GET /c HTTP/1.1\r\nHost: h\r\n" + upgrade + v13 + "\r\n") == errc::websocket_bad_key);
    CHECK(check("GET /c HTTP/1.1\r\nHost: h\r\n" + upgrade + "Sec-WebSocket-Key: Zm9vYmFy\r\n" + v13 + "\r\n") ==
          errc::websocket_bad_key);  // 6 bytes, not 16
    CHECK(check("GET /c HTTP/1.1\r\nHost: h\r\n" + upgrade + key + key + v13 + "\r\n") == errc::websocket_bad_key);
    auto v8 = check("GET /c HTTP/1.1\r\nHost: h\r\n" + upgrade + key + "Sec-WebSocket-Version: 8\r\n\r\n");
    CHECK(v8 == errc::websocket_bad_version);
    CHECK(check("GET /c HTTP/1.1\r\nHost: h\r\n" + upgrade + key + "\r\n") == errc::websocket_bad_version);

    CHECK(lal::http::status_for(errc::websocket_bad_key) == 400);
    CHECK(lal::http::status_for(errc::websocket_no_upgrade) == 400);
    auto r426 = lal::http::ws::reject_response(v8);
    CHECK(r426.status() == 426);
    CHECK(r426.headers().find("Sec-WebSocket-Version") == "13");
    CHECK(lal::http::ws::reject_response(make_error_code(errc::websocket_bad_key)).status() == 400);
}

TEST_CASE("the client builds its key and request and checks the answer", "[http][websocket][handshake]") {
    // RFC 6455 1.3's nonce is the 16 bytes of "the sample nonce".
    std::array<std::byte, 16> nonce{};
    auto sample = bytes_of("the sample nonce");
    std::copy(sample.begin(), sample.end(), nonce.begin());
    auto key = lal::http::ws::client_key(nonce);
    CHECK(key == "dGhlIHNhbXBsZSBub25jZQ==");

    lal::http::ws::client_options opts;
    opts.origin = "http://example.com";
    opts.protocols = {"chat", "superchat"};
    opts.user_agent.clear();
    auto u = *lal::http::parse_url("http://server.example.com/chat");
    auto text = lal::http::ws::make_upgrade_request(u, key, opts);
    auto req = parse_request(text);
    auto hs = lal::http::ws::check_request(req);  // our own server accepts our own client
    REQUIRE(hs);

    auto answer = [&](std::string_view reply) {
        lal::http::response_parser p;
        auto bytes = bytes_of(reply);
        REQUIRE_FALSE(p.feed(bytes));
        auto e = p.next();
        REQUIRE(e);
        auto* head = std::get_if<lal::http::response_head>(&*e);
        REQUIRE(head);
        return std::pair{lal::http::ws::check_response(*head, key), to_hex(p.take_held())};
    };
    auto ok = answer(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x02hi");
    CHECK_FALSE(ok.first);
    CHECK(ok.second == "81026869");  // the first frame, kept for the WebSocket reader
    CHECK(answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Accept: x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n")
              .first == errc::websocket_bad_accept);
    CHECK(answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").first == errc::websocket_not_switching);

    // Only the feed that completed the 101 head is kept: the client switches then.
    lal::http::response_parser p;
    auto head = bytes_of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81");
    auto later = bytes_of("\x82\x00");
    REQUIRE_FALSE(p.feed(head));
    REQUIRE_FALSE(p.feed(later));
    CHECK(p.done());
    CHECK(to_hex(p.take_held()) == "81");
    CHECK(p.take_held().empty());
}
