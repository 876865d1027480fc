// SPDX-License-Identifier: MIT
#include <lal/net/tls_error.hpp>

#include <string>

#include <openssl/err.h>

#include <lal/net/error.hpp>

namespace lal::net {
namespace {

/// OpenSSL's reason and library for a packed error code, e.g.
/// "wrong version number (SSL routines)".
std::string openssl_text(int value) {
    const auto code = static_cast<unsigned long>(static_cast<unsigned int>(value));
    const char* reason = ERR_reason_error_string(code);
    const char* lib = ERR_lib_error_string(code);
    std::string text = reason ? reason : "unknown error " + std::to_string(code);
    if (lib) text += std::string(" (") + lib + ")";
    return text;
}

class tls_handshake_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.tls.handshake"; }
    std::string message(int value) const override { return "TLS handshake failed: " + openssl_text(value); }
};

class tls_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.tls"; }
    std::string message(int value) const override { return "TLS error: " + openssl_text(value); }
};

}  // namespace

const std::error_category& tls_handshake_category() noexcept {
    static const tls_handshake_category_impl instance;
    return instance;
}

const std::error_category& tls_category() noexcept {
    static const tls_category_impl instance;
    return instance;
}

bool is_tls_handshake_failure(std::error_code ec) noexcept {
    return ec.category() == tls_handshake_category() || ec == errc::tls_handshake_timeout;
}

}  // namespace lal::net
