// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace lal::test {

/// A self-signed certificate for "localhost" and 127.0.0.1 with its key, as
/// PEM files in a fresh temporary directory, made at test time.
struct test_cert {
    std::string dir;
    std::string cert_file;
    std::string key_file;
};

inline bool add_extension(X509* x, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    const bool ok = X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/// Makes the pair (EC P-256, valid from an hour ago for a day); empty paths on failure.
inline test_cert make_test_cert() {
    test_cert out;
    char dir_template[] = "/tmp/lal-tls-XXXXXX";
    if (!::mkdtemp(dir_template)) return out;
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* x = X509_new();
    bool ok = key && x;
    if (ok) {
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -3600);
        X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
        X509_set_pubkey(x, key);
        X509_NAME* name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                   -1, 0);
        X509_set_issuer_name(x, name);
        ok = add_extension(x, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") &&
             add_extension(x, NID_basic_constraints, "critical,CA:TRUE") && X509_sign(x, key, EVP_sha256()) > 0;
    }
    if (ok) {
        out.dir = dir_template;
        out.cert_file = out.dir + "/cert.pem";
        out.key_file = out.dir + "/key.pem";
        FILE* c = std::fopen(out.cert_file.c_str(), "w");
        FILE* k = std::fopen(out.key_file.c_str(), "w");
        ok = c && k && PEM_write_X509(c, x) == 1 &&
             PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
        if (c) std::fclose(c);
        if (k) std::fclose(k);
    }
    X509_free(x);
    EVP_PKEY_free(key);
    if (!ok) return {};
    return out;
}

}  // namespace lal::test
