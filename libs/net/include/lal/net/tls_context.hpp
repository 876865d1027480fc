// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>

#include <lal/base/result.hpp>

namespace lal::net {

/// Settings of the TLS client side (rtmps://, https:// pulls).
struct tls_client_options {
    /// Verify the server's certificate chain and name against these CA files
    /// (PEM); empty: no verification, as ffmpeg's default (tls_verify=0).
    std::string ca_file;
};

/// The TLS settings every connection of one listener (or one client kind)
/// shares: certificate, key, protocol versions. Wraps asio::ssl::context
/// (OpenSSL's SSL_CTX); immutable once made, so any thread may use it.
class tls_context {
public:
    /// A server context from a PEM certificate chain and a PEM private key.
    /// Fails with a text naming the file that does not load, or saying that
    /// the key does not match the certificate.
    static lal::result<std::shared_ptr<const tls_context>> server(const std::string& cert_file,
                                                                  const std::string& key_file, std::string& error);
    /// A client context; fails (naming the file) when the CA file does not load.
    static lal::result<std::shared_ptr<const tls_context>> client(const tls_client_options& options,
                                                                  std::string& error);
    /// The shared client context without verification (made once).
    static std::shared_ptr<const tls_context> default_client();

    ~tls_context();
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;

    /// True for a server context (connections take the accepting side of the handshake).
    bool is_server() const noexcept { return server_; }
    /// True when a client verifies the server's certificate.
    bool verifies_peer() const noexcept { return verify_; }
    /// OpenSSL's SSL_CTX, as a void pointer so this header needs no OpenSSL.
    void* native_handle() const noexcept;

private:
    struct impl;
    tls_context(std::unique_ptr<impl> i, bool server, bool verify);

    std::unique_ptr<impl> impl_;
    bool server_;
    bool verify_;
};

}  // namespace lal::net
