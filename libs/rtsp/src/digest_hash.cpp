// SPDX-License-Identifier: MIT
// Hashes for Digest authentication, from OpenSSL's libcrypto (the one
// crypto library the project already allows) rather than a copy of MD5.
#include <lal/rtsp/auth.hpp>

#include <openssl/evp.h>

namespace lal::rtsp {
namespace {

std::string hex_digest(const EVP_MD* md, std::string_view text) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(text.data(), text.size(), out, &len, md, nullptr) != 1) return {};
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex(len * 2, '0');
    for (unsigned int i = 0; i < len; ++i) {
        hex[2 * i] = digits[out[i] >> 4];
        hex[2 * i + 1] = digits[out[i] & 0x0f];
    }
    return hex;
}

}  // namespace

std::string md5_hex(std::string_view text) { return hex_digest(EVP_md5(), text); }

std::string sha256_hex(std::string_view text) { return hex_digest(EVP_sha256(), text); }

}  // namespace lal::rtsp
