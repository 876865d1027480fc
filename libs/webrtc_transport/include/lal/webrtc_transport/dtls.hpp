// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/webrtc_transport/error.hpp>

namespace lal::webrtc_transport {

/// A self-signed ECDSA P-256 certificate and its key (RFC 8827 6.5: WebRTC
/// endpoints authenticate by fingerprint, not by a CA). Made once at start
/// and shared by every session; immutable.
class certificate {
public:
    /// A new key pair and a certificate valid for 30 days. Error: certificate_failed.
    static lal::result<std::shared_ptr<const certificate>> generate();
    ~certificate();
    certificate(const certificate&) = delete;
    certificate& operator=(const certificate&) = delete;

    /// SHA-256 of the DER certificate as upper-case hex pairs "AB:CD:..." (RFC 8122 5).
    const std::string& fingerprint() const noexcept { return fingerprint_; }

    struct impl;
    /// The OpenSSL objects (for dtls_endpoint).
    const impl& native() const noexcept { return *impl_; }

private:
    explicit certificate(std::unique_ptr<impl> i, std::string fp);
    std::unique_ptr<impl> impl_;
    std::string fingerprint_;
};

/// SRTP_AES128_CM_HMAC_SHA1_80 keys exported from DTLS (RFC 5764 4.2): a
/// 16-byte master key and a 14-byte salt per direction.
struct srtp_keys {
    std::array<std::byte, 30> client{};  ///< key then salt the DTLS client protects with
    std::array<std::byte, 30> server{};  ///< key then salt the DTLS server protects with
};

/// The DTLS role (RFC 5763 5: the answerer with setup:passive is the server).
enum class dtls_role { server, client };

/// One DTLS 1.2 association for DTLS-SRTP, sans-IO: feed() the peer's
/// datagrams, send what take_output() returns, call on_timeout() when
/// next_timeout() has passed (handshake retransmission, RFC 6347 4.2.4).
class dtls_endpoint {
public:
    /// `remote_fingerprint` is the peer's SDP a=fingerprint sha-256 value.
    dtls_endpoint(std::shared_ptr<const certificate> cert, dtls_role role, std::string remote_fingerprint);
    ~dtls_endpoint();
    dtls_endpoint(const dtls_endpoint&) = delete;
    dtls_endpoint& operator=(const dtls_endpoint&) = delete;

    /// A client sends its ClientHello; a server waits. Call once.
    void start();
    /// Handles one datagram from the peer (RFC 7983: first byte 20..63).
    /// Errors end the association: dtls_failed, fingerprint_mismatch,
    /// no_srtp_profile, dtls_closed.
    std::error_code feed(byte_span datagram);
    /// Datagrams to send, each at most the MTU (1200 bytes, records never split).
    std::vector<std::vector<std::byte>> take_output();
    /// True once the handshake finished and the peer's fingerprint matched.
    bool connected() const noexcept { return keys_.has_value(); }
    /// The exported SRTP keys, once connected.
    const std::optional<srtp_keys>& keys() const noexcept { return keys_; }
    /// How long until on_timeout() should run, while the handshake is in flight.
    std::optional<std::chrono::milliseconds> next_timeout() const;
    /// Retransmits the last flight when its timer expired.
    void on_timeout();

private:
    std::error_code after_io(int rc);
    std::error_code finish_handshake();

    struct state;
    std::unique_ptr<state> s_;
    std::shared_ptr<const certificate> cert_;
    dtls_role role_;
    std::string remote_fingerprint_;
    std::optional<srtp_keys> keys_;
    std::vector<std::vector<std::byte>> out_;
    bool failed_ = false;
};

/// True for a DTLS record by RFC 7983 7 demultiplexing (first byte 20..63).
bool looks_like_dtls(byte_span datagram) noexcept;

}  // namespace lal::webrtc_transport
