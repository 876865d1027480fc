// SPDX-License-Identifier: MIT
#include <lal/rtmp/detail/sha256.hpp>

#include <algorithm>
#include <cstring>

namespace lal::rtmp::detail {
namespace {

// FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots
// of the first 64 primes.
constexpr std::array<std::uint32_t, 64> round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// FIPS 180-4 5.3.3: the initial hash value.
constexpr std::array<std::uint32_t, 8> initial_hash = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) noexcept { return (x >> n) | (x << (32 - n)); }

}  // namespace

sha256::sha256() noexcept : h_(initial_hash) {}

// FIPS 180-4 6.2.2: one 512-bit block.
void sha256::block(const std::byte* p) noexcept {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t t = 0; t < 16; ++t) w[t] = static_cast<std::uint32_t>(load_be(p + 4 * t, 4));
    for (std::size_t t = 16; t < 64; ++t) {
        auto s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        auto s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = h_;
    for (std::size_t t = 0; t < 64; ++t) {
        auto big_s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        auto ch = (e & f) ^ (~e & g);
        auto t1 = h + big_s1 + ch + round_constants[t] + w[t];
        auto big_s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        auto maj = (a & b) ^ (a & c) ^ (b & c);
        auto t2 = big_s0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
    h_[5] += f;
    h_[6] += g;
    h_[7] += h;
}

void sha256::update(byte_span data) noexcept {
    total_ += data.size();
    std::size_t at = 0;
    if (buffered_ > 0) {
        auto n = std::min(data.size(), buffer_.size() - buffered_);
        std::memcpy(buffer_.data() + buffered_, data.data(), n);
        buffered_ += n;
        at = n;
        if (buffered_ < buffer_.size()) return;
        block(buffer_.data());
        buffered_ = 0;
    }
    for (; data.size() - at >= 64; at += 64) block(data.data() + at);
    auto rest = data.size() - at;
    if (rest > 0) std::memcpy(buffer_.data(), data.data() + at, rest);
    buffered_ = rest;
}

// FIPS 180-4 5.1.1: a 1 bit, zeros, then the message length in bits as 64 bits.
sha256_digest sha256::finish() noexcept {
    auto bit_length = total_ * 8;
    std::array<std::byte, 72> pad{};
    pad[0] = std::byte{0x80};
    auto zeros = (buffered_ < 56) ? 56 - buffered_ : 120 - buffered_;
    store_be(pad.data() + zeros, bit_length, 8);
    update(byte_span(pad.data(), zeros + 8));
    sha256_digest out{};
    for (std::size_t i = 0; i < 8; ++i) store_be(out.data() + 4 * i, h_[i], 4);
    return out;
}

sha256_digest sha256_of(byte_span data) noexcept {
    sha256 h;
    h.update(data);
    return h.finish();
}

// RFC 2104 2: H(K ^ opad, H(K ^ ipad, text)) with a 64-byte block.
hmac_sha256::hmac_sha256(byte_span key) noexcept {
    std::array<std::byte, 64> block_key{};
    if (key.size() > block_key.size()) {
        auto hashed = sha256_of(key);
        std::copy(hashed.begin(), hashed.end(), block_key.begin());
    } else {
        std::copy(key.begin(), key.end(), block_key.begin());
    }
    std::array<std::byte, 64> inner_key{};
    for (std::size_t i = 0; i < block_key.size(); ++i) {
        inner_key[i] = block_key[i] ^ std::byte{0x36};
        outer_key_[i] = block_key[i] ^ std::byte{0x5c};
    }
    inner_.update(inner_key);
}

void hmac_sha256::update(byte_span data) noexcept { inner_.update(data); }

sha256_digest hmac_sha256::finish() noexcept {
    auto inner_digest = inner_.finish();
    sha256 outer;
    outer.update(outer_key_);
    outer.update(inner_digest);
    return outer.finish();
}

sha256_digest hmac_sha256_of(byte_span key, std::initializer_list<byte_span> parts) noexcept {
    hmac_sha256 mac(key);
    for (auto part : parts) mac.update(part);
    return mac.finish();
}

}  // namespace lal::rtmp::detail
