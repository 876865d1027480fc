// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <lal/rtmp/detail/handshake_digest.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp/handshake.hpp>

#include "hex.hpp"

using namespace lal::rtmp;
using lal::byte_span;
using lal::test::hex;
using lal::test::to_hex;

namespace {

// The same generator as the Python that computed the expected digests below.
std::vector<std::byte> lcg_bytes(std::uint32_t seed, std::size_t n) {
    std::vector<std::byte> out(n);
    std::uint32_t x = seed;
    for (auto& b : out) {
        x = x * 1103515245u + 12345u;
        b = static_cast<std::byte>((x >> 16) & 0xff);
    }
    return out;
}

std::vector<std::byte> without_c0(const std::vector<std::byte>& c0c1) {
    return {c0c1.begin() + 1, c0c1.end()};
}

byte_span s1_of(const std::vector<std::byte>& s0s1s2) { return byte_span(s0s1s2).subspan(1, handshake_size); }
byte_span s2_of(const std::vector<std::byte>& s0s1s2) {
    return byte_span(s0s1s2).subspan(1 + handshake_size, handshake_size);
}

byte_span digest_in(byte_span packet, handshake_mode scheme) {
    return packet.subspan(detail::digest_offset(packet, scheme), detail::digest_size);
}

// Expected values were computed independently with Python's hmac/hashlib:
//   R = lcg(1, 1536), R2 = lcg(2, 1536) (x = x*1103515245+12345 mod 2^32, byte = x>>16 & 255)
//   C1 = R with time 0x11223344, version 0x09007c02, digest = HMAC(FP key[:30], C1 minus digest)
//   S1 = R2 with time 0x55667788, version 0x04050001, digest = HMAC(FMS key[:36], S1 minus digest)
//   S2 = reversed R2 ending in HMAC(HMAC(FMS key, C1 digest), S2[:1504])
//   C2 = reversed R  ending in HMAC(HMAC(FP key, S1 digest), C2[:1504])
struct digest_vector {
    handshake_mode scheme;
    std::size_t c1_offset;
    const char* c1_digest;
    std::size_t s1_offset;
    const char* s1_digest;
    const char* s2_signature;
    const char* c2_signature;
};

const digest_vector vectors[] = {
    {handshake_mode::digest_scheme_0, 26, "1dedd4bde46a3c8b285c54f99c9699ab86a19b47d08abfdbde36caa0fd814a1f", 277,
     "203c191cd0cbcbd06d787ec95e69ccee7ccdf615a335121a2a85edca03b5fed0",
     "8f271cd5ab15789fea1cf034b81bd7dd7e5dabe2a77f9b4fa582a724b1f1d66d",
     "6f6e7c4c400a9d4dde1de709edb2f422e43dc8aea915db12e3ebd8358b69d45c"},
    {handshake_mode::digest_scheme_1, 1333, "4f7c9d1f5facf4fad144121158f5ad0872f41bbdee11eb47007f73e9dfa5b7c4", 1372,
     "25e63bda154d061d2bf8815104ac156099536c1be95a4a0662fe662698376dd7",
     "29e69ef1d2d527ab1fea0cefd0dbc921e014e19252bd078ad25b5921366d69ae",
     "b8464cd64957691da6418d2bb05b46e3957b4165dceb714b3745ad917e7502c2"},
};

}  // namespace

TEST_CASE("the well-known handshake keys have their published prefixes", "[rtmp][handshake]") {
    auto fp = byte_span(detail::flash_player_key);
    auto fms = byte_span(detail::flash_media_server_key);
    CHECK(lal::as_string_view(fp.first(30)) == "Genuine Adobe Flash Player 001");
    CHECK(lal::as_string_view(fms.first(36)) == "Genuine Adobe Flash Media Server 001");
    CHECK(to_hex(fp.subspan(30)) == "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae");
    CHECK(to_hex(fms.subspan(36)) == to_hex(fp.subspan(30)));
}

TEST_CASE("digest C1, S1, S2 and C2 match independently computed vectors for both schemes",
          "[rtmp][handshake]") {
    for (const auto& v : vectors) {
        INFO("scheme " << (v.scheme == handshake_mode::digest_scheme_0 ? 0 : 1));
        client_handshake client(lcg_bytes(1, handshake_size), 0x11223344, v.scheme);
        auto c0c1 = client.take_output();
        REQUIRE(c0c1.size() == 1 + handshake_size);
        CHECK(c0c1[0] == std::byte{3});
        auto c1 = without_c0(c0c1);
        CHECK(to_hex(byte_span(c1).first(8)) == "1122334409007c02");
        REQUIRE(detail::digest_offset(c1, v.scheme) == v.c1_offset);
        CHECK(to_hex(digest_in(c1, v.scheme)) == v.c1_digest);
        // Outside time, version and digest, C1 is the random block.
        auto random = lcg_bytes(1, handshake_size);
        CHECK(std::equal(c1.begin() + 8, c1.begin() + static_cast<std::ptrdiff_t>(v.c1_offset), random.begin() + 8));

        server_handshake server(lcg_bytes(2, handshake_size), 0x55667788);
        auto used = server.feed(c0c1);
        REQUIRE(used.has_value());
        CHECK(*used == c0c1.size());
        CHECK(server.mode() == v.scheme);
        auto s0s1s2 = server.take_output();
        REQUIRE(s0s1s2.size() == 1 + 2 * handshake_size);
        CHECK(s0s1s2[0] == std::byte{3});
        auto s1 = s1_of(s0s1s2);
        CHECK(to_hex(s1.first(8)) == "5566778804050001");
        REQUIRE(detail::digest_offset(s1, v.scheme) == v.s1_offset);
        CHECK(to_hex(digest_in(s1, v.scheme)) == v.s1_digest);
        CHECK(to_hex(s2_of(s0s1s2).last(32)) == v.s2_signature);

        auto client_used = client.feed(s0s1s2);
        REQUIRE(client_used.has_value());
        CHECK(*client_used == s0s1s2.size());
        CHECK(client.done());
        CHECK(client.mode() == v.scheme);
        CHECK(client.peer_response_valid());
        auto c2 = client.take_output();
        REQUIRE(c2.size() == handshake_size);
        CHECK(to_hex(byte_span(c2).last(32)) == v.c2_signature);

        CHECK_FALSE(server.done());
        auto c2_used = server.feed(c2);
        REQUIRE(c2_used.has_value());
        CHECK(*c2_used == handshake_size);
        CHECK(server.done());
        CHECK(server.peer_response_valid());
    }
}

TEST_CASE("a server answers a plain C1 plainly, echoing C1 as S2", "[rtmp][handshake]") {
    client_handshake client(lcg_bytes(5, handshake_size), 1000, handshake_mode::plain);
    auto c0c1 = client.take_output();
    CHECK(to_hex(byte_span(c0c1).first(9)) == "03000003e800000000");
    server_handshake server(lcg_bytes(6, handshake_size), 77);
    REQUIRE(server.feed(c0c1).has_value());
    CHECK(server.mode() == handshake_mode::plain);
    auto out = server.take_output();
    REQUIRE(out.size() == 1 + 2 * handshake_size);
    CHECK(to_hex(s1_of(out).first(8)) == "0000004d00000000");  // time 77, zero
    auto random = lcg_bytes(6, handshake_size);
    CHECK(std::equal(random.begin() + 8, random.end(), s1_of(out).begin() + 8));
    auto c1 = without_c0(c0c1);
    CHECK(std::equal(c1.begin(), c1.end(), s2_of(out).begin()));

    REQUIRE(client.feed(out).has_value());
    CHECK(client.done());
    CHECK(client.peer_response_valid());
    auto c2 = client.take_output();
    CHECK(std::equal(c2.begin(), c2.end(), s1_of(out).begin()));  // C2 echoes S1
    REQUIRE(server.feed(c2).has_value());
    CHECK(server.done());
    CHECK(server.peer_response_valid());
}

TEST_CASE("a server falls back to plain when a versioned C1 has no valid digest", "[rtmp][handshake]") {
    auto c0c1 = hex("03");
    auto c1 = lcg_bytes(9, handshake_size);
    c1[4] = std::byte{0x80};  // non-zero version, but the digest bytes are random
    c0c1.insert(c0c1.end(), c1.begin(), c1.end());
    REQUIRE_FALSE(detail::find_digest(c1, byte_span(detail::flash_player_key).first(30)));
    server_handshake server(lcg_bytes(10, handshake_size), 0);
    REQUIRE(server.feed(c0c1).has_value());
    CHECK(server.mode() == handshake_mode::plain);
    auto out = server.take_output();
    CHECK(std::equal(c1.begin(), c1.end(), s2_of(out).begin()));
    CHECK(lal::load_be(s1_of(out).data() + 4, 4) == 0);
}

TEST_CASE("a server ignores a valid-looking digest when C1's version is zero", "[rtmp][handshake]") {
    client_handshake digest_client(lcg_bytes(1, handshake_size), 0, handshake_mode::digest_scheme_0);
    auto c0c1 = digest_client.take_output();
    for (std::size_t i = 5; i < 9; ++i) c0c1[i] = std::byte{0};
    server_handshake server(lcg_bytes(2, handshake_size), 0);
    REQUIRE(server.feed(c0c1).has_value());
    CHECK(server.mode() == handshake_mode::plain);
}

TEST_CASE("the handshake takes C0+C1+C2 in any pieces and leaves the bytes after C2", "[rtmp][handshake]") {
    client_handshake client(lcg_bytes(1, handshake_size), 0, handshake_mode::digest_scheme_1);
    auto c0c1 = client.take_output();
    server_handshake reference(lcg_bytes(2, handshake_size), 0);
    REQUIRE(reference.feed(c0c1).has_value());
    auto s0s1s2 = reference.take_output();
    REQUIRE(client.feed(s0s1s2).has_value());
    auto c2 = client.take_output();

    std::vector<std::byte> stream = c0c1;
    stream.insert(stream.end(), c2.begin(), c2.end());
    auto first_chunk = hex("02 00 00 00 00 00 04 01 00 00 00 00 00 00 10 00");
    stream.insert(stream.end(), first_chunk.begin(), first_chunk.end());

    for (std::size_t piece : {1u, 7u, 1000u, 1537u, 3073u, 5000u}) {
        INFO("pieces of " << piece);
        server_handshake server(lcg_bytes(2, handshake_size), 0);
        std::size_t at = 0;
        std::vector<std::byte> leftover;
        std::vector<std::byte> output;
        while (at < stream.size()) {
            auto n = std::min(piece, stream.size() - at);
            auto used = server.feed(byte_span(stream).subspan(at, n));
            REQUIRE(used.has_value());
            REQUIRE(*used <= n);
            auto out = server.take_output();
            output.insert(output.end(), out.begin(), out.end());
            if (server.done()) leftover.insert(leftover.end(), stream.begin() + static_cast<std::ptrdiff_t>(at + *used),
                                               stream.begin() + static_cast<std::ptrdiff_t>(at + n));
            else CHECK(*used == n);
            at += n;
        }
        CHECK(server.done());
        CHECK(server.peer_response_valid());
        CHECK(output == s0s1s2);
        CHECK(leftover == first_chunk);
    }
}

TEST_CASE("the client hands back the bytes after S2", "[rtmp][handshake]") {
    client_handshake client(lcg_bytes(3, handshake_size), 0);
    server_handshake server(lcg_bytes(4, handshake_size), 0);
    REQUIRE(server.feed(client.take_output()).has_value());
    auto stream = server.take_output();
    auto extra = hex("02 00 00 00 00 00 04 05 00 00 00 00 00 26 25 a0");
    stream.insert(stream.end(), extra.begin(), extra.end());
    auto used = client.feed(stream);
    REQUIRE(used.has_value());
    CHECK(*used == 1 + 2 * handshake_size);
    CHECK(client.done());
    CHECK(client.feed(extra).value() == 0);
}

TEST_CASE("a wrong C0 or S0 version is an error", "[rtmp][handshake]") {
    auto c0c1 = lcg_bytes(1, 1 + handshake_size);
    c0c1[0] = std::byte{6};  // RTMPE, which we do not speak
    server_handshake server(lcg_bytes(2, handshake_size), 0);
    auto r = server.feed(c0c1);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::bad_version);

    client_handshake client(lcg_bytes(1, handshake_size), 0);
    auto s0s1 = lcg_bytes(3, 1 + handshake_size);
    s0s1[0] = std::byte{'G'};  // an HTTP server answering
    CHECK(client.feed(s0s1).error() == errc::bad_version);
}

TEST_CASE("a digest client refuses a versioned S1 without a valid digest", "[rtmp][handshake]") {
    client_handshake client(lcg_bytes(1, handshake_size), 0, handshake_mode::digest_scheme_0);
    auto s0s1 = lcg_bytes(3, 1 + handshake_size);
    s0s1[0] = std::byte{3};
    s0s1[5] = std::byte{4};
    auto r = client.feed(s0s1);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::bad_digest);
}

TEST_CASE("a digest client accepts a plain server and a wrong S2 only clears a flag", "[rtmp][handshake]") {
    SECTION("plain server: S1 version 0, S2 echoes C1") {
        client_handshake client(lcg_bytes(1, handshake_size), 0, handshake_mode::digest_scheme_0);
        auto c1 = without_c0(client.take_output());
        auto s1 = lcg_bytes(3, handshake_size);
        std::fill(s1.begin() + 4, s1.begin() + 8, std::byte{0});
        auto in = hex("03");
        in.insert(in.end(), s1.begin(), s1.end());
        REQUIRE(client.feed(in).has_value());
        auto c2 = client.take_output();
        CHECK(c2 == s1);
        CHECK(client.mode() == handshake_mode::plain);
        REQUIRE(client.feed(c1).has_value());
        CHECK(client.done());
        CHECK(client.peer_response_valid());
    }
    SECTION("digest server with a garbage S2") {
        client_handshake client(lcg_bytes(1, handshake_size), 0, handshake_mode::digest_scheme_0);
        server_handshake server(lcg_bytes(2, handshake_size), 0);
        REQUIRE(server.feed(client.take_output()).has_value());
        auto out = server.take_output();
        out.back() ^= std::byte{1};
        REQUIRE(client.feed(out).has_value());
        CHECK(client.done());
        CHECK_FALSE(client.peer_response_valid());
        CHECK(client.take_output().size() == handshake_size);
    }
}

TEST_CASE("a server flags but accepts a C2 that merely echoes S1 after a digest C1", "[rtmp][handshake]") {
    // ffmpeg publishing does this: digest C1, then C2 = S1.
    client_handshake client(lcg_bytes(1, handshake_size), 0, handshake_mode::digest_scheme_0);
    server_handshake server(lcg_bytes(2, handshake_size), 0);
    REQUIRE(server.feed(client.take_output()).has_value());
    auto out = server.take_output();
    auto s1 = s1_of(out);
    REQUIRE(server.feed(s1).has_value());
    CHECK(server.done());
    CHECK_FALSE(server.peer_response_valid());
}
