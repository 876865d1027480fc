// SPDX-License-Identifier: MIT
#include <lal/stun/message.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <vector>

#include "hmac.hpp"

namespace lal::stun {
namespace detail {

std::array<std::byte, 20> hmac_sha1(byte_span key, byte_span data) {
    std::array<std::byte, 20> out{};
    unsigned len = 0;
    static const unsigned char empty = 0;
    const void* k = key.empty() ? static_cast<const void*>(&empty) : static_cast<const void*>(key.data());
    HMAC(EVP_sha1(), k, static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(out.data()), &len);
    return out;
}

}  // namespace detail

namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;  // reflected 0x04c11db7
        t[i] = c;
    }
    return t;
}

constexpr auto crc_table = make_crc_table();

}  // namespace

std::uint32_t crc32(byte_span bytes) noexcept {
    std::uint32_t c = 0xffffffffu;
    for (auto b : bytes) c = crc_table[(c ^ std::to_integer<std::uint32_t>(b)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

std::error_code check_fingerprint(const message& m) {
    auto a = m.find(attr::fingerprint);
    if (!a) return errc::missing_attribute;
    if (a->value.size() != 4) return errc::bad_fingerprint;
    // parse() keeps FINGERPRINT last, so the header's length already covers it
    // as RFC 8489 14.7 requires.
    const auto expected = crc32(m.raw.first(a->offset)) ^ fingerprint_xor;
    return load_be(a->value.data(), 4) == expected ? std::error_code{} : make_error_code(errc::bad_fingerprint);
}

std::error_code check_integrity(const message& m, byte_span key) {
    auto a = m.find(attr::message_integrity);
    if (!a) return errc::missing_attribute;
    if (a->value.size() != 20) return errc::bad_integrity;
    // RFC 8489 14.5: the HMAC covers the message up to the attribute, with the
    // header length counting up to and including MESSAGE-INTEGRITY.
    std::vector<std::byte> covered(m.raw.begin(), m.raw.begin() + static_cast<std::ptrdiff_t>(a->offset));
    store_be(covered.data() + 2, a->offset - header_size + 24, 2);
    const auto mac = detail::hmac_sha1(key, covered);
    return CRYPTO_memcmp(mac.data(), a->value.data(), mac.size()) == 0 ? std::error_code{}
                                                                       : make_error_code(errc::bad_integrity);
}

}  // namespace lal::stun
