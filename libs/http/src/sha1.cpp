// SPDX-License-Identifier: MIT
#include <lal/http/sha1.hpp>

#include <cstdint>
#include <cstring>

namespace lal::http {
namespace {

constexpr std::uint32_t rotl(std::uint32_t x, int n) noexcept { return (x << n) | (x >> (32 - n)); }

/// FIPS 180-4 6.1.2: one 512-bit block into the hash state.
void compress(std::uint32_t (&h)[5], const unsigned char* block) noexcept {
    std::uint32_t w[80];
    for (int t = 0; t < 16; ++t) {
        w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
               (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
    }
    for (int t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; ++t) {
        // FIPS 180-4 4.1.1 and 4.2.1: f_t and K_t by round.
        std::uint32_t f = 0;
        std::uint32_t k = 0;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        std::uint32_t temp = rotl(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = temp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

}  // namespace

std::array<std::byte, 20> sha1(byte_span data) noexcept {
    // FIPS 180-4 5.3.1: initial hash value.
    std::uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    while (n >= 64) {
        compress(h, p);
        p += 64;
        n -= 64;
    }
    // FIPS 180-4 5.1.1: append 0x80, zeros, and the bit length as 64 bits big-endian.
    unsigned char tail[128] = {};
    if (n > 0) std::memcpy(tail, p, n);
    tail[n] = 0x80;
    const std::size_t tail_size = n + 9 <= 64 ? 64 : 128;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    for (int i = 0; i < 8; ++i) tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    compress(h, tail);
    if (tail_size == 128) compress(h, tail + 64);
    std::array<std::byte, 20> out{};
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::byte>(h[i] >> (24 - 8 * j));
    }
    return out;
}

std::array<std::byte, 20> sha1(std::string_view text) noexcept {
    return sha1(byte_span(reinterpret_cast<const std::byte*>(text.data()), text.size()));
}

}  // namespace lal::http
