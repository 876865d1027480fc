// SPDX-License-Identifier: MIT
#include <lal/webrtc_transport/dtls.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>

namespace lal::webrtc_transport {

struct certificate::impl {
    X509* x509 = nullptr;
    EVP_PKEY* key = nullptr;
    ~impl() {
        X509_free(x509);
        EVP_PKEY_free(key);
    }
};

namespace {

constexpr std::size_t mtu = 1200;            // fits every path WebRTC runs on (RFC 8831 5 uses 1200)
constexpr std::size_t record_header = 13;    // RFC 6347 4.1: type, version, epoch, sequence, length
constexpr std::size_t srtp_key_len = 16;
constexpr std::size_t srtp_salt_len = 14;

std::string hex_fingerprint(const X509* x) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (X509_digest(x, EVP_sha256(), md, &len) != 1) return {};
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        if (i) out += ':';
        out += digits[md[i] >> 4];
        out += digits[md[i] & 0xf];
    }
    return out;
}

bool same_fingerprint(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

}  // namespace

certificate::certificate(std::unique_ptr<impl> i, std::string fp) : impl_(std::move(i)), fingerprint_(std::move(fp)) {}
certificate::~certificate() = default;

lal::result<std::shared_ptr<const certificate>> certificate::generate() {
    auto i = std::make_unique<impl>();
    // RFC 8827 6.5: ECDSA with P-256 is what every browser accepts.
    i->key = EVP_EC_gen("P-256");
    i->x509 = X509_new();
    if (!i->key || !i->x509) return errc::certificate_failed;
    std::uint64_t serial = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) return errc::certificate_failed;
    bool ok = X509_set_version(i->x509, 2) == 1 &&
              ASN1_INTEGER_set_uint64(X509_get_serialNumber(i->x509), serial >> 1) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(i->x509), -86400) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(i->x509), 30L * 86400) != nullptr &&
              X509_set_pubkey(i->x509, i->key) == 1;
    X509_NAME* name = X509_get_subject_name(i->x509);
    ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("lal"), -1,
                                          -1, 0) == 1;
    ok = ok && X509_set_issuer_name(i->x509, name) == 1 && X509_sign(i->x509, i->key, EVP_sha256()) > 0;
    if (!ok) return errc::certificate_failed;
    auto fp = hex_fingerprint(i->x509);
    if (fp.empty()) return errc::certificate_failed;
    return std::shared_ptr<const certificate>(new certificate(std::move(i), std::move(fp)));
}

struct dtls_endpoint::state {
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    BIO* rbio = nullptr;
    BIO* wbio = nullptr;
    ~state() {
        SSL_free(ssl);  // frees the BIOs it owns
        SSL_CTX_free(ctx);
    }
};

bool looks_like_dtls(byte_span datagram) noexcept {
    if (datagram.empty()) return false;
    const auto b = std::to_integer<unsigned>(datagram[0]);
    return b >= 20 && b <= 63;  // RFC 7983 7
}

dtls_endpoint::dtls_endpoint(std::shared_ptr<const certificate> cert, dtls_role role, std::string remote_fingerprint)
    : s_(std::make_unique<state>()),
      cert_(std::move(cert)),
      role_(role),
      remote_fingerprint_(std::move(remote_fingerprint)) {
    s_->ctx = SSL_CTX_new(DTLS_method());
    if (!s_->ctx) throw std::bad_alloc();
    // RFC 8827 6.5: DTLS 1.2 at least.
    SSL_CTX_set_min_proto_version(s_->ctx, DTLS1_2_VERSION);
    SSL_CTX_use_certificate(s_->ctx, cert_->native().x509);
    SSL_CTX_use_PrivateKey(s_->ctx, cert_->native().key);
    // RFC 5764 4.1.2: offer/accept only the profile every WebRTC stack has.
    SSL_CTX_set_tlsext_use_srtp(s_->ctx, "SRTP_AES128_CM_SHA1_80");
    // Self-signed certificates: accepted here, then checked against the SDP fingerprint (RFC 8122 5).
    SSL_CTX_set_verify(s_->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       [](int, X509_STORE_CTX*) { return 1; });
    s_->ssl = SSL_new(s_->ctx);
    s_->rbio = BIO_new(BIO_s_mem());
    s_->wbio = BIO_new(BIO_s_mem());
    if (!s_->ssl || !s_->rbio || !s_->wbio) throw std::bad_alloc();
    BIO_set_mem_eof_return(s_->rbio, -1);
    BIO_set_mem_eof_return(s_->wbio, -1);
    SSL_set_bio(s_->ssl, s_->rbio, s_->wbio);
    SSL_set_options(s_->ssl, SSL_OP_NO_QUERY_MTU);
    SSL_set_mtu(s_->ssl, mtu - 28);  // minus IPv4 and UDP headers
    if (role_ == dtls_role::server) {
        SSL_set_accept_state(s_->ssl);
    } else {
        SSL_set_connect_state(s_->ssl);
    }
}

dtls_endpoint::~dtls_endpoint() = default;

void dtls_endpoint::start() {
    if (role_ == dtls_role::client) (void)after_io(SSL_do_handshake(s_->ssl));
}

std::error_code dtls_endpoint::after_io(int rc) {
    // Collect what OpenSSL wrote: whole records, packed into datagrams of at most the MTU.
    std::vector<std::byte> pending(BIO_ctrl_pending(s_->wbio));
    if (!pending.empty()) {
        const int n = BIO_read(s_->wbio, pending.data(), static_cast<int>(pending.size()));
        pending.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    }
    std::size_t at = 0;
    while (at + record_header <= pending.size()) {
        const auto len = record_header + load_be(pending.data() + at + 11, 2);
        if (at + len > pending.size()) break;
        if (out_.empty() || out_.back().size() + len > mtu || out_.back().empty()) out_.emplace_back();
        out_.back().insert(out_.back().end(), pending.begin() + static_cast<std::ptrdiff_t>(at),
                           pending.begin() + static_cast<std::ptrdiff_t>(at + len));
        at += len;
    }
    if (rc > 0) return {};
    const int err = SSL_get_error(s_->ssl, rc);
    ERR_clear_error();
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return {};
    failed_ = true;
    return err == SSL_ERROR_ZERO_RETURN ? make_error_code(errc::dtls_closed) : make_error_code(errc::dtls_failed);
}

std::error_code dtls_endpoint::finish_handshake() {
    X509* peer = SSL_get1_peer_certificate(s_->ssl);
    const auto fp = peer ? hex_fingerprint(peer) : std::string();
    X509_free(peer);
    if (fp.empty() || !same_fingerprint(fp, remote_fingerprint_)) {
        failed_ = true;
        return errc::fingerprint_mismatch;
    }
    const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(s_->ssl);
    if (!profile || profile->id != SRTP_AES128_CM_SHA1_80) {
        failed_ = true;
        return errc::no_srtp_profile;
    }
    // RFC 5764 4.2: client key, server key, client salt, server salt.
    std::array<unsigned char, 2 * (srtp_key_len + srtp_salt_len)> material{};
    static constexpr char label[] = "EXTRACTOR-dtls_srtp";
    if (SSL_export_keying_material(s_->ssl, material.data(), material.size(), label, sizeof label - 1, nullptr, 0,
                                   0) != 1) {
        failed_ = true;
        return errc::dtls_failed;
    }
    srtp_keys k;
    auto put = [&](std::array<std::byte, 30>& dst, std::size_t key_at, std::size_t salt_at) {
        for (std::size_t i = 0; i < srtp_key_len; ++i) dst[i] = static_cast<std::byte>(material[key_at + i]);
        for (std::size_t i = 0; i < srtp_salt_len; ++i)
            dst[srtp_key_len + i] = static_cast<std::byte>(material[salt_at + i]);
    };
    put(k.client, 0, 2 * srtp_key_len);
    put(k.server, srtp_key_len, 2 * srtp_key_len + srtp_salt_len);
    keys_ = k;
    return {};
}

std::error_code dtls_endpoint::feed(byte_span datagram) {
    if (failed_) return errc::dtls_failed;
    if (BIO_write(s_->rbio, datagram.data(), static_cast<int>(datagram.size())) <= 0) return errc::dtls_failed;
    if (!keys_) {
        if (auto ec = after_io(SSL_do_handshake(s_->ssl))) return ec;
        if (SSL_is_init_finished(s_->ssl)) return finish_handshake();
        return {};
    }
    // After the handshake: retransmitted flights and alerts; WebRTC media
    // does not use DTLS application data here (no data channels).
    std::array<std::byte, 2048> sink{};
    for (;;) {
        const int n = SSL_read(s_->ssl, sink.data(), static_cast<int>(sink.size()));
        if (auto ec = after_io(n)) return ec;
        if (n <= 0) return {};
    }
}

std::vector<std::vector<std::byte>> dtls_endpoint::take_output() { return std::exchange(out_, {}); }

std::optional<std::chrono::milliseconds> dtls_endpoint::next_timeout() const {
    timeval tv{};
    if (keys_ || failed_ || DTLSv1_get_timeout(s_->ssl, &tv) != 1) return std::nullopt;
    return std::chrono::milliseconds(tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

void dtls_endpoint::on_timeout() {
    if (keys_ || failed_) return;
    if (DTLSv1_handle_timeout(s_->ssl) < 0) {
        failed_ = true;
        return;
    }
    (void)after_io(1);
}

}  // namespace lal::webrtc_transport
