// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <lal/base/payload.hpp>
#include <lal/http/headers.hpp>
#include <lal/http/request.hpp>

namespace lal::http {

/// What every response of a server carries.
struct response_options {
    std::string server = "lal";  ///< Server field; empty leaves it out
    bool cors = true;            ///< Access-Control-Allow-Origin: * for browser players
    /// Streamed bodies of unknown length use Transfer-Encoding: chunked instead of
    /// ending at close. Off by default, as in the Go lal server; never used toward
    /// HTTP/1.0 clients.
    bool chunked = false;
    /// Methods listed in Allow on 405 and OPTIONS answers (RFC 9110 10.2.1).
    std::string allow = "GET, HEAD, OPTIONS";
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

    /// The status code.
    int status() const noexcept { return status_; }
    /// The fields added so far, in order.
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

/// 200 head of a live body of unknown length for `req`: the Content-Type, no-cache,
/// CORS, and either Connection: close (body ends at close) or chunked framing.
response stream_response(const request& req, std::string_view content_type,
                         const response_options& options = {});

/// A complete error response with a short text body and Content-Length, closing
/// the connection; 405 also lists options.allow in Allow (RFC 9110 15.5.6).
response error_response(int status, const response_options& options = {}, std::string_view detail = {});

/// 302 Found sending the client to `location` (RFC 9110 15.4.3, 10.2.2), which
/// must be free of CR and LF.
response redirect_response(std::string_view location, const response_options& options = {});

/// 204 answer to OPTIONS, including a CORS preflight (Fetch standard, CORS
/// protocol): Allow and Access-Control-Allow-Methods (options.allow), Headers, Max-Age.
response options_response(const request& req, const response_options& options = {});

/// True when the body of `r` is delimited without closing: a Content-Length, chunked
/// framing, or a status that has no body (1xx, 204, 304; RFC 9112 6.3).
bool has_delimited_body(const response& r) noexcept;

/// Decides whether the connection persists after `r` answers `req` (RFC 9112 9.3):
/// the request allows it (HTTP/1.1 unless "close", HTTP/1.0 only with "keep-alive"),
/// `r` does not say close and its body is delimited. Sets the Connection field to
/// match ("close", or "keep-alive" toward HTTP/1.0) and returns the decision.
bool decide_keep_alive(const request& req, response& r);

/// IMF-fixdate for the Date field (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::int64_t unix_seconds);

}  // namespace lal::http
