// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/rtmp/detail/sha256.hpp>

#include "hex.hpp"

using lal::as_byte_span;
using lal::rtmp::detail::hmac_sha256;
using lal::rtmp::detail::hmac_sha256_of;
using lal::rtmp::detail::sha256;
using lal::rtmp::detail::sha256_of;
using lal::test::hex;
using lal::test::to_hex;

// Expected digests: FIPS 180-2 appendix B (B.1 "abc", B.2 the 448-bit message,
// B.3 one million 'a'), plus the empty message and the 896-bit two-block message
// from NIST's published SHA-256 examples (also checked with Python's hashlib).
TEST_CASE("SHA-256 matches the FIPS 180-2 examples", "[rtmp][crypto]") {
    CHECK(to_hex(sha256_of({})) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(to_hex(sha256_of(as_byte_span("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(to_hex(sha256_of(as_byte_span("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(to_hex(sha256_of(as_byte_span("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                        "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))) ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    std::string million(1000000, 'a');
    CHECK(to_hex(sha256_of(as_byte_span(million))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 gives the same digest however the input is split", "[rtmp][crypto]") {
    std::vector<std::byte> input(300);
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<std::byte>(i * 7 + 3);
    auto whole = sha256_of(input);
    // Splits around the 64-byte block and the 56-byte padding boundaries.
    for (std::size_t a = 0; a <= 130; ++a) {
        for (std::size_t b : {std::size_t{0}, std::size_t{1}, std::size_t{55}, std::size_t{56},
                              std::size_t{63}, std::size_t{64}, std::size_t{65}}) {
            if (a + b > input.size()) continue;
            sha256 h;
            lal::byte_span in(input);
            h.update(in.first(a));
            h.update(in.subspan(a, b));
            h.update(in.subspan(a + b));
            INFO("split at " << a << " and " << a + b);
            CHECK(h.finish() == whole);
        }
    }
}

// RFC 4231 section 4: test cases 1 to 7 (case 5 compares the first 128 bits).
TEST_CASE("HMAC-SHA256 matches the RFC 4231 test cases", "[rtmp][crypto]") {
    auto mac = [](const std::vector<std::byte>& key, const std::vector<std::byte>& data) {
        return to_hex(hmac_sha256_of(key, {data}));
    };
    using lal::test::bytes_of;
    CHECK(mac(std::vector<std::byte>(20, std::byte{0x0b}), bytes_of("Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(mac(bytes_of("Jefe"), bytes_of("what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(mac(std::vector<std::byte>(20, std::byte{0xaa}), std::vector<std::byte>(50, std::byte{0xdd})) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    CHECK(mac(hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
              std::vector<std::byte>(50, std::byte{0xcd})) ==
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    CHECK(mac(std::vector<std::byte>(20, std::byte{0x0c}), bytes_of("Test With Truncation")).substr(0, 32) ==
          "a3b6167473100ee06e0c796c2955552b");
    std::vector<std::byte> long_key(131, std::byte{0xaa});
    CHECK(mac(long_key, bytes_of("Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(mac(long_key, bytes_of("This is a test using a larger than block-size key and a larger than "
                                 "block-size data. The key needs to be hashed before being used by the "
                                 "HMAC algorithm.")) ==
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST_CASE("HMAC-SHA256 over several parts equals HMAC over their concatenation", "[rtmp][crypto]") {
    auto key = hex("4a 65 66 65");
    auto data = lal::test::bytes_of("what do ya want for nothing?");
    lal::byte_span d(data);
    hmac_sha256 mac(key);
    mac.update(d.first(5));
    mac.update(d.subspan(5, 0));
    mac.update(d.subspan(5));
    CHECK(mac.finish() == hmac_sha256_of(key, {d}));
    CHECK(hmac_sha256_of(key, {d.first(10), d.subspan(10)}) == hmac_sha256_of(key, {d}));
}
