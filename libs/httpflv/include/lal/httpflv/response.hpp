// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <lal/base/payload.hpp>
#include <lal/httpflv/headers.hpp>
#include <lal/httpflv/request.hpp>

namespace lal::httpflv {

/// What every response of a server carries.
struct response_options {
    std::string server = "lal";  ///< Server field; empty leaves it out
    bool cors = true;            ///< Access-Control-Allow-Origin: * for browser players
    /// Live FLV bodies use Transfer-Encoding: chunked instead of ending at close.
    /// Off by default, as in the Go lal server; never used toward HTTP/1.0 clients.
    bool chunked = false;
};

/// A response head and an optional small body, built field by field and encoded once.
class response {
public:
    /// Status line `HTTP/1.1 <status> <reason>`; the reason defaults to reason_phrase(status).
    explicit response(int status, std::string_view reason = {});

    /// Adds a field; `name` must be a token and `value` free of CR and LF (caller bug otherwise).
    response& add(std::string_view name, std::string_view value);
    /// Replaces every field named `name` with one holding `value`.
    response& set(std::string_view name, std::string_view value);
    /// Sets a small body with its Content-Type and Content-Length.
    response& body(std::string_view text, std::string_view content_type = "text/plain; charset=utf-8");

    int status() const noexcept { return status_; }
    const header_list& headers() const noexcept { return headers_; }
    /// True when the body is sent with Transfer-Encoding: chunked.
    bool chunked() const noexcept;
    /// The head and, unless `head_only` (a HEAD request, RFC 9110 9.3.2), the body.
    lal::payload encode(bool head_only = false) const;

private:
    int status_;
    std::string reason_;
    header_list headers_;
    std::string body_;
};

/// The standard reason phrase of `status` (RFC 9110 15), "Unknown" otherwise.
std::string_view reason_phrase(int status) noexcept;

/// 200 head of a live FLV stream for `req`: Content-Type video/x-flv, no-cache,
/// CORS, and either Connection: close (body ends at close) or chunked framing.
response flv_stream_response(const request& req, const response_options& options = {});

/// A complete error response with a short text body and Content-Length, closing
/// the connection; 405 also lists `Allow: GET, HEAD, OPTIONS` (RFC 9110 15.5.6).
response error_response(int status, const response_options& options = {}, std::string_view detail = {});

/// 204 answer to OPTIONS, including a CORS preflight (Fetch standard, CORS
/// protocol): Allow and Access-Control-Allow-Methods/Headers/Max-Age.
response options_response(const request& req, const response_options& options = {});

/// IMF-fixdate for the Date field (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::int64_t unix_seconds);

}  // namespace lal::httpflv
