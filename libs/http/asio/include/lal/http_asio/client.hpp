// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <asio/any_io_executor.hpp>

#include <lal/base/result.hpp>
#include <lal/http/headers.hpp>
#include <lal/http/response_parser.hpp>

namespace lal::net {
class tls_context;
}

namespace lal::http_asio {

/// One request of the async client (a hook, a notify, the head of a pull).
struct client_request {
    std::string method = "GET";  ///< GET, POST, HEAD ...
    std::string url;             ///< http[s]://host[:port]/path?query
    http::header_list headers;   ///< extra fields (Host, Content-Length and Connection are the client's)
    std::string body;            ///< sent with Content-Length when not empty, or for POST and PUT
    /// The whole exchange, every redirect included: resolve, connect, send, read.
    std::chrono::milliseconds timeout{5'000};
    /// Redirects followed before giving up with http::errc::too_many_redirects.
    unsigned max_redirects = 3;
    /// Longest response body kept; more is http::errc::body_too_large.
    std::size_t max_body_bytes = 1024 * 1024;
    std::string user_agent = "lal";  ///< empty leaves the field out
    http::response_limits limits;
    /// https:// hops: the client context (a CA file verifies chain and name,
    /// RFC 6125); null: net::tls_context::default_client(), which does not verify.
    std::shared_ptr<const net::tls_context> tls;
};

/// The final answer (after redirects).
struct client_response {
    int status = 0;
    http::header_list headers;
    std::string body;
    std::string url;  ///< the URL that answered, after redirects
};

/// Called once with the response or the error (http::errc::timeout, bad_url,
/// too_many_redirects, body_too_large, truncated_message, a socket error).
using client_handler = std::function<void(lal::result<client_response>)>;

/// Sends `req` on `executor` (one connection per hop, Connection: close) and
/// calls `done` there, once, never inside fetch(). 301, 302 and 303 turn a
/// POST into a GET without body; 307 and 308 keep both (RFC 9110 15.4).
void fetch(asio::any_io_executor executor, client_request req, client_handler done);

}  // namespace lal::http_asio
