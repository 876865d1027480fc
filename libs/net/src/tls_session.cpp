// SPDX-License-Identifier: MIT
#include "tls_session.hpp"

#include <algorithm>
#include <climits>
#include <vector>

#include <asio/error.hpp>
#include <asio/ip/address.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <lal/net/tls_error.hpp>

namespace lal::net::detail {

tls_session::tls_session(const tls_context& context, const std::string& server_name) {
    ssl_ = SSL_new(static_cast<SSL_CTX*>(context.native_handle()));
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    // An empty input buffer means "more to come", not end of stream.
    BIO_set_mem_eof_return(in_, -1);
    SSL_set_bio(ssl_, in_, out_);
    if (context.is_server()) {
        SSL_set_accept_state(ssl_);
        return;
    }
    SSL_set_connect_state(ssl_);
    if (!server_name.empty()) {
        // SNI carries host names only, never literal addresses (RFC 6066 3).
        asio::error_code ec;
        asio::ip::make_address(server_name, ec);
        if (ec) {
            // SSL_set_tlsext_host_name() without its macro's C-style cast.
            SSL_ctrl(ssl_, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(server_name.c_str()));
        }
        if (context.verifies_peer()) {
            auto* param = SSL_get0_param(ssl_);
            X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            if (ec) X509_VERIFY_PARAM_set1_host(param, server_name.c_str(), 0);
            else X509_VERIFY_PARAM_set1_ip_asc(param, server_name.c_str());
        }
    }
}

tls_session::~tls_session() { SSL_free(ssl_); }  // frees both BIOs

std::error_code tls_session::error_of(int ret) {
    const int reason = SSL_get_error(ssl_, ret);
    if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE) return {};
    if (reason == SSL_ERROR_ZERO_RETURN) return asio::error::eof;
    auto code = ERR_get_error();
    ERR_clear_error();
    // No queued error (a system error cannot happen on memory BIOs): report a protocol failure.
    const int value = code != 0 ? static_cast<int>(code) : static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNEXPECTED_RECORD));
    return {value, established() ? tls_category() : tls_handshake_category()};
}

std::error_code tls_session::start() {
    if (SSL_is_server(ssl_)) return {};
    ERR_clear_error();
    const int ret = SSL_do_handshake(ssl_);
    return ret == 1 ? std::error_code{} : error_of(ret);
}

void tls_session::feed(std::span<const std::byte> cipher) {
    while (!cipher.empty()) {
        const auto n = static_cast<int>(std::min<std::size_t>(cipher.size(), INT_MAX));
        const int written = BIO_write(in_, cipher.data(), n);
        if (written <= 0) return;  // a memory BIO only fails when out of memory
        cipher = cipher.subspan(static_cast<std::size_t>(written));
    }
}

std::size_t tls_session::read(std::span<std::byte> out, std::error_code& ec) {
    ec.clear();
    // The thread's error queue is shared by every connection on it.
    ERR_clear_error();
    const auto n = static_cast<int>(std::min<std::size_t>(out.size(), INT_MAX));
    const int ret = SSL_read(ssl_, out.data(), n);
    if (ret > 0) return static_cast<std::size_t>(ret);
    ec = error_of(ret);
    return 0;
}

bool tls_session::has_input() const { return BIO_ctrl_pending(in_) > 0 || SSL_pending(ssl_) > 0; }

std::error_code tls_session::write(std::span<const std::byte> plain) {
    ERR_clear_error();
    while (!plain.empty()) {
        const auto n = static_cast<int>(std::min<std::size_t>(plain.size(), INT_MAX));
        // Without SSL_MODE_ENABLE_PARTIAL_WRITE a write is whole or fails; the
        // memory BIO always takes it.
        const int ret = SSL_write(ssl_, plain.data(), n);
        if (ret <= 0) {
            auto ec = error_of(ret);
            return ec ? ec : std::make_error_code(std::errc::operation_would_block);
        }
        plain = plain.subspan(static_cast<std::size_t>(ret));
    }
    return {};
}

void tls_session::shutdown() {
    ERR_clear_error();
    SSL_shutdown(ssl_);  // queues close_notify; the peer's answer is not awaited
    ERR_clear_error();
}

bool tls_session::established() const { return SSL_is_init_finished(ssl_) == 1; }

lal::payload tls_session::take_output() {
    const auto pending = BIO_ctrl_pending(out_);
    if (pending == 0) return {};
    std::vector<std::byte> bytes(pending);
    const int n = BIO_read(out_, bytes.data(), static_cast<int>(std::min<std::size_t>(pending, INT_MAX)));
    if (n <= 0) return {};
    bytes.resize(static_cast<std::size_t>(n));
    return lal::payload::adopt(std::move(bytes));
}

}  // namespace lal::net::detail
