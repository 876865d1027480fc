// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lal::rtsp {

/// One header line, as received (names compare without case, RFC 2326 4.2).
struct header {
    std::string name;
    std::string value;
};

/// An RTSP 1.0 request (RFC 2326 6) or response (RFC 2326 7).
struct message {
    bool is_request = true;
    std::string method;        ///< request: OPTIONS, DESCRIBE, SETUP, ...
    std::string uri;           ///< request: the Request-URI
    int status = 0;            ///< response: the Status-Code
    std::string reason;        ///< response: the Reason-Phrase
    std::vector<header> headers;
    std::string body;          ///< SDP for DESCRIBE/ANNOUNCE, text for GET_PARAMETER

    /// The first header named `name` (any case), or nullopt.
    std::optional<std::string_view> get(std::string_view name) const;
    /// Replaces every header named `name` by one with `value`.
    void set(std::string_view name, std::string value);
    /// CSeq (RFC 2326 12.17), or nullopt when missing or not a number.
    std::optional<std::uint32_t> cseq() const;
};

/// A request with its CSeq.
message make_request(std::string method, std::string uri, std::uint32_t cseq);
/// A response to `request`: same CSeq (and Session when it had one), RFC 2326 7.1.1 reason.
message make_response(const message& request, int status);
/// The standard Reason-Phrase of a status (RFC 2326 7.1.1), "Unknown" otherwise.
std::string_view reason_phrase(int status);
/// The wire form: start line, headers, Content-Length when there is a body, CRLF, body.
std::string to_string(const message& m);
/// Case-insensitive ASCII comparison of header names and tokens.
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace lal::rtsp
