// SPDX-License-Identifier: MIT
#include <lal/quic/credentials.hpp>

#include <gnutls/gnutls.h>

#include <lal/quic/error.hpp>

namespace lal::quic {
namespace {

gnutls_certificate_credentials_t allocate() {
    gnutls_certificate_credentials_t c = nullptr;
    if (gnutls_certificate_allocate_credentials(&c) != GNUTLS_E_SUCCESS) throw std::bad_alloc();
    return c;
}

}  // namespace

lal::result<std::shared_ptr<const credentials>> credentials::load_files(const std::string& cert_file,
                                                                        const std::string& key_file) {
    auto c = allocate();
    if (gnutls_certificate_set_x509_key_file(c, cert_file.c_str(), key_file.c_str(), GNUTLS_X509_FMT_PEM) < 0) {
        gnutls_certificate_free_credentials(c);
        return errc::bad_credentials;
    }
    return std::shared_ptr<const credentials>(new credentials(c));
}

lal::result<std::shared_ptr<const credentials>> credentials::load_pem(std::string_view cert_pem,
                                                                      std::string_view key_pem) {
    auto c = allocate();
    // GnuTLS takes the datum as non-const but only reads it.
    gnutls_datum_t cert{reinterpret_cast<unsigned char*>(const_cast<char*>(cert_pem.data())),
                        static_cast<unsigned>(cert_pem.size())};
    gnutls_datum_t key{reinterpret_cast<unsigned char*>(const_cast<char*>(key_pem.data())),
                       static_cast<unsigned>(key_pem.size())};
    if (gnutls_certificate_set_x509_key_mem(c, &cert, &key, GNUTLS_X509_FMT_PEM) < 0) {
        gnutls_certificate_free_credentials(c);
        return errc::bad_credentials;
    }
    return std::shared_ptr<const credentials>(new credentials(c));
}

std::shared_ptr<const credentials> credentials::insecure_client() {
    // No trust store and no gnutls_session_set_verify_cert: the peer's chain is not checked.
    return std::shared_ptr<const credentials>(new credentials(allocate()));
}

credentials::~credentials() {
    gnutls_certificate_free_credentials(static_cast<gnutls_certificate_credentials_t>(native_));
}

}  // namespace lal::quic
