// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::http {

/// Errors of the HTTP core. Every parser error leaves its parser dead: answer
/// (server side, see status_for) and close the connection.
enum class errc {
    // Request head (server side).
    bad_request_line = 1,      ///< request line is not `method SP target SP version`
    bad_target,                ///< request-target malformed or badly percent-encoded
    unsupported_version,       ///< well-formed HTTP version other than 1.0 / 1.1
    bad_header,                ///< header field line malformed (name, colon, value)
    obs_fold,                  ///< obsolete line folding (RFC 9112 5.2), rejected
    bad_host,                  ///< HTTP/1.1 request without exactly one Host (RFC 9112 3.2)
    bad_content_length,        ///< Content-Length not a number, or conflicting values
    bad_transfer_encoding,     ///< Transfer-Encoding not ending in chunked, or with Content-Length
    request_line_too_long,     ///< request line over request_limits::max_request_line
    headers_too_large,         ///< header section over its byte limit
    too_many_headers,          ///< more header fields than allowed
    body_too_large,            ///< request body over request_limits::max_body_bytes
    // Response head and body (client side).
    bad_status_line,           ///< status line is not `HTTP/1.x SP 3DIGIT SP reason`
    status_line_too_long,      ///< status line over response_limits::max_status_line
    bad_chunk,                 ///< chunked framing malformed (RFC 9112 7.1)
    chunk_line_too_long,       ///< chunk-size line (with extensions) over its limit
    truncated_message,         ///< connection closed inside a head or a delimited body
    // Routing, URLs and clients.
    route_not_found,           ///< no route serves the path
    bad_url,                   ///< URL malformed
    unsupported_scheme,        ///< URL scheme other than http
    stream_not_found,          ///< peer answered 404
    unexpected_status,         ///< peer answered a status other than the one expected
    too_many_redirects,        ///< redirect chain longer than allowed
    timeout,                   ///< connect, request or read deadline passed
    bad_query,                 ///< query string badly percent-encoded
    // WebSocket opening handshake (RFC 6455 4).
    websocket_bad_method,      ///< upgrade request not a GET of HTTP/1.1 or later (RFC 6455 4.2.1)
    websocket_no_upgrade,      ///< Upgrade lacks "websocket" or Connection lacks "Upgrade"
    websocket_bad_key,         ///< Sec-WebSocket-Key missing, repeated or not 16 bytes in base64
    websocket_bad_version,     ///< Sec-WebSocket-Version other than 13 (answer 426, RFC 6455 4.4)
    websocket_not_switching,   ///< client side: the answer was not 101 with Upgrade: websocket
    websocket_bad_accept,      ///< client side: Sec-WebSocket-Accept does not match the key
};

/// The category of lal::http::errc ("lal.http").
const std::error_category& category() noexcept;

/// Makes an error_code of the http category.
inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

/// The HTTP status a server answers for a request error: 400, 413, 414, 431 or
/// 505 for parse errors, 404 for route_not_found, 400 or 426 for a refused
/// WebSocket handshake; 500 for anything else.
int status_for(std::error_code ec) noexcept;

}  // namespace lal::http

template <>
struct std::is_error_code_enum<lal::http::errc> : std::true_type {};
