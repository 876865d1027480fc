// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <system_error>

#include <lal/base/payload.hpp>
#include <lal/net/tls_context.hpp>

// OpenSSL's types, declared so that socket_io.cpp needs no OpenSSL header.
struct ssl_st;
struct bio_st;

namespace lal::net::detail {

/// One TLS session over memory buffers: ciphertext goes in with feed() and
/// comes out with take_output(); plaintext comes out of read() and goes in
/// with write(). No socket: socket_io keeps doing the non-blocking reads and
/// the gathered writes, and TLS (RFC 8446, RFC 5246) is a filter between them.
class tls_session {
public:
    /// A session of `context`'s side; `server_name` is sent as SNI (RFC 6066 3)
    /// and checked against the certificate when a client verifies.
    tls_session(const tls_context& context, const std::string& server_name);
    ~tls_session();
    tls_session(const tls_session&) = delete;
    tls_session& operator=(const tls_session&) = delete;

    /// Begins the handshake: a client's ClientHello is then in take_output().
    std::error_code start();
    /// Ciphertext from the socket (copied into the session).
    void feed(std::span<const std::byte> cipher);
    /// Plaintext into `out`: the bytes decrypted, 0 when more input is needed
    /// (or the handshake is still running). `ec` is asio::error::eof once the
    /// peer sent close_notify, or a TLS error (tls_error.hpp).
    std::size_t read(std::span<std::byte> out, std::error_code& ec);
    /// True while fed ciphertext or decrypted plaintext waits to be read().
    bool has_input() const;
    /// Encrypts all of `plain` (only once established()).
    std::error_code write(std::span<const std::byte> plain);
    /// Queues close_notify (RFC 8446 6.1).
    void shutdown();
    /// True once the handshake completed.
    bool established() const;
    /// Ciphertext waiting to be sent; an empty payload when none.
    lal::payload take_output();

private:
    std::error_code error_of(int ret);

    ssl_st* ssl_ = nullptr;
    bio_st* in_ = nullptr;   // owned by ssl_
    bio_st* out_ = nullptr;  // owned by ssl_
};

}  // namespace lal::net::detail
