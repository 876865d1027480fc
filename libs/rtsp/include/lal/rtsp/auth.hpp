// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>

namespace lal::rtsp {

struct message;

/// A user's name and password.
struct credentials {
    std::string username;
    std::string password;
};

/// Basic (RFC 7617) or Digest (RFC 7616).
enum class auth_scheme { basic, digest };

/// A WWW-Authenticate challenge (RFC 7616 3.3, RFC 7617 2).
struct challenge {
    auth_scheme scheme = auth_scheme::digest;
    std::string realm;
    std::string nonce;      ///< Digest
    std::string opaque;     ///< Digest, echoed back
    std::string algorithm;  ///< Digest: "MD5" (default), "MD5-sess", "SHA-256", "SHA-256-sess"
    std::string qop;        ///< Digest: "auth", "auth,auth-int" or empty (RFC 2069 style)
    bool stale = false;
};
/// Parses one WWW-Authenticate value. Errors: bad_auth (unknown scheme, no realm, Digest without nonce).
lal::result<challenge> parse_challenge(std::string_view value);
/// The WWW-Authenticate value of `c`.
std::string to_string(const challenge& c);

/// An Authorization header (RFC 7616 3.4, RFC 7617 2).
struct authorization {
    auth_scheme scheme = auth_scheme::digest;
    std::string username;
    std::string password;   ///< Basic only
    std::string realm, nonce, uri, response, algorithm, qop, nc, cnonce, opaque;  ///< Digest
};
/// Parses one Authorization value. Errors: bad_auth.
lal::result<authorization> parse_authorization(std::string_view value);
/// The Authorization value of `a`.
std::string to_string(const authorization& a);

/// Client: the Authorization that answers `c` for a request `method uri`.
/// `cnonce` (client randomness, passed in) and `nc` are used when the server
/// asked for qop=auth. Errors: bad_auth (an algorithm other than MD5/SHA-256[-sess]).
lal::result<authorization> answer(const challenge& c, const credentials& who, std::string_view method,
                                  std::string_view uri, std::string_view cnonce = "0a4f113b",
                                  std::uint32_t nc = 1);
/// Server: true when `a` proves `who` for `method` with the server's `realm`
/// and current `nonce` (Digest) or carries the right user and password (Basic).
bool verify(const authorization& a, const credentials& who, std::string_view method, std::string_view realm,
            std::string_view nonce);
/// Server: checks a request's Authorization against `expected` (the
/// scheme, realm and nonce the server challenged with). Errors: unauthorized
/// (missing or wrong), bad_auth (does not parse).
std::error_code check_request(const message& request, const challenge& expected, const credentials& who);

/// Lower-case hex MD5 (RFC 1321) of `text`; through OpenSSL's libcrypto.
std::string md5_hex(std::string_view text);
/// Lower-case hex SHA-256 (FIPS 180-4) of `text`; through OpenSSL's libcrypto.
std::string sha256_hex(std::string_view text);

}  // namespace lal::rtsp
