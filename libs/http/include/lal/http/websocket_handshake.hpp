// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/http/request.hpp>
#include <lal/http/response.hpp>
#include <lal/http/response_parser.hpp>
#include <lal/http/url.hpp>

namespace lal::http::ws {

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 4.2.2 point 5.4):
/// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
std::string accept_key(std::string_view key);

/// True when `req` asks for a WebSocket: an Upgrade field holding "websocket".
/// Such a request is checked with check_request(), whatever else is wrong with it.
bool is_upgrade_request(const request& req) noexcept;

/// A valid opening handshake, as the server sees it.
struct server_handshake {
    std::string accept;                  ///< the Sec-WebSocket-Accept to answer
    std::vector<std::string> protocols;  ///< Sec-WebSocket-Protocol values offered, in order
};

/// Checks a client's opening handshake (RFC 6455 4.2.1): a GET of HTTP/1.1 or
/// later, Upgrade with "websocket", Connection with "Upgrade", one
/// Sec-WebSocket-Key that is base64 of 16 bytes, Sec-WebSocket-Version 13.
/// The error's status_for() is 400, or 426 for another version (RFC 6455 4.2.2).
lal::result<server_handshake> check_request(const request& req);

/// The 101 answer that completes the handshake; `protocol`, if not empty, must
/// be one of the offered ones (RFC 6455 4.2.2 point 5.5).
response accept_response(const server_handshake& hs, std::string_view protocol = {});

/// The answer to a refused handshake: error_response(status_for(ec)), with
/// `Sec-WebSocket-Version: 13` on 426 (RFC 6455 4.4).
response reject_response(std::error_code ec, const response_options& options = {});

/// A client's Sec-WebSocket-Key: base64 of 16 random bytes the caller supplies
/// (RFC 6455 4.1 point 7: a fresh nonce per connection).
std::string client_key(std::span<const std::byte, 16> random);

/// What a client adds to its opening handshake.
struct client_options {
    std::vector<std::string> protocols;  ///< Sec-WebSocket-Protocol, if any
    std::string origin;                  ///< Origin, if any
    std::string user_agent = "lal";      ///< empty leaves it out
};

/// The bytes of a client's opening handshake for `u` with `key` (RFC 6455 4.1).
std::string make_upgrade_request(const url& u, std::string_view key, const client_options& options = {});

/// Checks the server's answer (RFC 6455 4.1, client requirements 1-4):
/// 101 with Upgrade websocket, Connection Upgrade and the Sec-WebSocket-Accept of
/// `key`. websocket_not_switching or websocket_bad_accept otherwise.
std::error_code check_response(const response_head& head, std::string_view key);

}  // namespace lal::http::ws
