// SPDX-License-Identifier: MIT
#include "md5.hpp"

#include <cmath>

namespace lal::server {

namespace {
// RFC 1321 3.4: per-round shift amounts.
constexpr std::uint32_t shifts[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

// RFC 1321 3.4: T[i] = floor(2^32 * abs(sin(i + 1))).
std::array<std::uint32_t, 64> make_table() {
    std::array<std::uint32_t, 64> t{};
    for (std::size_t i = 0; i < 64; ++i) {
        t[i] = static_cast<std::uint32_t>(std::floor(4294967296.0 * std::fabs(std::sin(static_cast<double>(i + 1)))));
    }
    return t;
}

constexpr std::uint32_t rotl(std::uint32_t x, std::uint32_t n) { return (x << n) | (x >> (32 - n)); }

void block(std::uint32_t (&h)[4], const std::uint8_t* p) {
    static const auto table = make_table();
    std::uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
        // RFC 1321 3.4: words are little-endian.
        m[i] = std::uint32_t{p[i * 4]} | std::uint32_t{p[i * 4 + 1]} << 8 | std::uint32_t{p[i * 4 + 2]} << 16 |
               std::uint32_t{p[i * 4 + 3]} << 24;
    }
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (std::uint32_t i = 0; i < 64; ++i) {
        std::uint32_t f, g;
        if (i < 16) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (i < 32) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
        }
        const auto next = d;
        d = c;
        c = b;
        b = b + rotl(a + f + table[i] + m[g], shifts[i]);
        a = next;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
}
}  // namespace

std::array<std::uint8_t, 16> md5(std::string_view text) {
    std::uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};  // RFC 1321 3.3
    const auto* data = reinterpret_cast<const std::uint8_t*>(text.data());
    std::size_t n = text.size();
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) block(h, data + i);
    // RFC 1321 3.1-3.2: a 1 bit, zeros to 56 mod 64, the bit length little-endian.
    std::uint8_t tail[128] = {};
    const std::size_t rest = n - i;
    for (std::size_t k = 0; k < rest; ++k) tail[k] = data[i + k];
    tail[rest] = 0x80;
    const std::size_t len = rest < 56 ? 64 : 128;
    const std::uint64_t bits = static_cast<std::uint64_t>(n) * 8;
    for (int k = 0; k < 8; ++k) tail[len - 8 + k] = static_cast<std::uint8_t>(bits >> (8 * k));
    block(h, tail);
    if (len == 128) block(h, tail + 64);
    std::array<std::uint8_t, 16> out{};
    for (int k = 0; k < 16; ++k) out[k] = static_cast<std::uint8_t>(h[k / 4] >> (8 * (k % 4)));
    return out;
}

std::string md5_hex(std::string_view text) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto b : md5(text)) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

}  // namespace lal::server
