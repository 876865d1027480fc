// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>

namespace lal::quic {

/// A certificate chain and its private key, loaded once and shared by every
/// server connection (GnuTLS certificate credentials); or, for clients, no
/// certificate and no verification (tests and load tools on loopback).
class credentials {
public:
    /// Loads PEM files; the error names nothing, so callers log the path.
    static lal::result<std::shared_ptr<const credentials>> load_files(const std::string& cert_file,
                                                                      const std::string& key_file);
    /// Loads PEM text held in memory.
    static lal::result<std::shared_ptr<const credentials>> load_pem(std::string_view cert_pem,
                                                                    std::string_view key_pem);
    /// Client credentials that accept any server certificate.
    static std::shared_ptr<const credentials> insecure_client();

    ~credentials();
    credentials(const credentials&) = delete;
    credentials& operator=(const credentials&) = delete;

    /// The gnutls_certificate_credentials_t, as void* to keep GnuTLS out of this header.
    void* native() const noexcept { return native_; }

private:
    explicit credentials(void* native) noexcept : native_(native) {}
    void* native_ = nullptr;
};

}  // namespace lal::quic
