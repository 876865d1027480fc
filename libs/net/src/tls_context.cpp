// SPDX-License-Identifier: MIT
#include <lal/net/tls_context.hpp>

#include <fstream>

#include <asio/ssl/context.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace lal::net {
namespace {

/// The last OpenSSL error of this thread as text (the thread's queue is then empty).
std::string openssl_reason(const std::error_code& ec) {
    auto code = ERR_peek_last_error();
    std::string text;
    if (code != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text = buffer;
    } else {
        text = ec.message();
    }
    ERR_clear_error();
    return text;
}

/// "cannot read <what> <file>: <reason>" when the file is missing or unreadable,
/// empty otherwise (OpenSSL's own texts do not name the file).
std::string unreadable(const char* what, const std::string& file) {
    if (file.empty()) return std::string("no ") + what + " file configured";
    std::ifstream in(file);
    if (!in) return std::string("cannot read ") + what + " file " + file;
    return {};
}

/// Protocol floor and the options every context gets: TLS 1.2 or newer
/// (RFC 8996 deprecates 1.0 and 1.1), no compression (CRIME).
void harden(asio::ssl::context& c) {
    c.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                  asio::ssl::context::no_compression);
    // Buffers of idle connections go back to the allocator: many players idle between frames.
    SSL_CTX_set_mode(c.native_handle(), SSL_MODE_RELEASE_BUFFERS);
}

}  // namespace

struct tls_context::impl {
    explicit impl(asio::ssl::context::method m) : ctx(m) {}
    asio::ssl::context ctx;
};

tls_context::tls_context(std::unique_ptr<impl> i, bool server, bool verify)
    : impl_(std::move(i)), server_(server), verify_(verify) {}

tls_context::~tls_context() = default;

void* tls_context::native_handle() const noexcept { return impl_->ctx.native_handle(); }

lal::result<std::shared_ptr<const tls_context>> tls_context::server(const std::string& cert_file,
                                                                    const std::string& key_file,
                                                                    std::string& error) {
    const auto bad = std::make_error_code(std::errc::invalid_argument);
    if (error = unreadable("certificate", cert_file); !error.empty()) return bad;
    if (error = unreadable("key", key_file); !error.empty()) return bad;
    ERR_clear_error();
    auto i = std::make_unique<impl>(asio::ssl::context::tls_server);
    harden(i->ctx);
    std::error_code ec;
    i->ctx.use_certificate_chain_file(cert_file, ec);
    if (ec) {
        error = "cannot load certificate file " + cert_file + ": " + openssl_reason(ec);
        return bad;
    }
    i->ctx.use_private_key_file(key_file, asio::ssl::context::pem, ec);
    if (ec) {
        error = "cannot load key file " + key_file + ": " + openssl_reason(ec);
        return bad;
    }
    if (SSL_CTX_check_private_key(i->ctx.native_handle()) != 1) {
        error = "key file " + key_file + " does not match certificate file " + cert_file + ": " +
                openssl_reason({});
        return bad;
    }
    return std::shared_ptr<const tls_context>(new tls_context(std::move(i), true, false));
}

lal::result<std::shared_ptr<const tls_context>> tls_context::client(const tls_client_options& options,
                                                                    std::string& error) {
    ERR_clear_error();
    auto i = std::make_unique<impl>(asio::ssl::context::tls_client);
    harden(i->ctx);
    const bool verify = !options.ca_file.empty();
    if (verify) {
        if (error = unreadable("CA", options.ca_file); !error.empty()) return std::make_error_code(std::errc::invalid_argument);
        std::error_code ec;
        i->ctx.load_verify_file(options.ca_file, ec);
        if (ec) {
            error = "cannot load CA file " + options.ca_file + ": " + openssl_reason(ec);
            return std::make_error_code(std::errc::invalid_argument);
        }
        i->ctx.set_verify_mode(asio::ssl::verify_peer);
    } else {
        i->ctx.set_verify_mode(asio::ssl::verify_none);
    }
    return std::shared_ptr<const tls_context>(new tls_context(std::move(i), false, verify));
}

std::shared_ptr<const tls_context> tls_context::default_client() {
    static const auto shared = [] {
        std::string ignored;
        return *client({}, ignored);  // cannot fail: no file to load
    }();
    return shared;
}

}  // namespace lal::net
