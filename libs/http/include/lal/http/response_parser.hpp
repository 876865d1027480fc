// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/http/chunked.hpp>
#include <lal/http/detail/field_section.hpp>
#include <lal/http/detail/line_buffer.hpp>
#include <lal/http/headers.hpp>
#include <lal/http/request.hpp>

namespace lal::http {

/// Bounds checked while a response arrives.
struct response_limits {
    std::size_t max_status_line = 8 * 1024;   ///< status line, CRLF included
    std::size_t max_header_bytes = 64 * 1024;  ///< header section, CRLFs included
    std::size_t max_headers = 100;             ///< header fields
    chunk_limits chunks;                       ///< chunk-size lines and trailers
};

/// How the body of a response is delimited (RFC 9112 6.3).
enum class body_framing { none, content_length, chunked, until_close };

/// A final (non-1xx) response head that is not a followed redirect.
struct response_head {
    http_version version;
    int status = 0;
    std::string reason;
    header_list headers;
    body_framing framing = body_framing::none;
    std::uint64_t content_length = 0;  ///< meaningful for body_framing::content_length
};

/// A 301/302/303/307/308 response with a Location: the parser stops after it so
/// the client can close and follow (RFC 9110 15.4).
struct redirect {
    int status = 0;
    std::string location;  ///< as received; resolve with resolve_reference()
};

/// Body bytes, framing removed, in arrival order; one copy out of the read buffer.
struct body_data {
    lal::payload bytes;
};

/// The body is complete: its length was reached, its last chunk was read, or the
/// peer closed a close-delimited body (after finish()).
struct message_end {};

/// What response_parser::next() yields.
using response_event = std::variant<response_head, redirect, body_data, message_end>;

/// Incremental parser of one HTTP/1.1 response (RFC 9112 4-7): status line and
/// headers within limits, interim 1xx responses skipped, then the body by
/// Content-Length, chunked coding or connection close. Bytes after the message
/// (or after a redirect) are ignored: the client closes the connection; after a
/// 101 they are kept for the new protocol (take_held()).
class response_parser {
public:
    explicit response_parser(response_limits limits = {});

    /// Says the request was HEAD, so the response carries no body (RFC 9110 9.3.2).
    void expect_head_response() noexcept { head_request_ = true; }
    /// Consumes all of `in`. After an error the parser is dead: close the connection.
    std::error_code feed(byte_span in);
    /// The peer closed the connection: ends a close-delimited body; truncated_message
    /// when the head or a delimited body was incomplete.
    std::error_code finish();
    /// The next event; empty when more input is needed.
    std::optional<response_event> next();
    /// True once message_end or redirect has been queued.
    bool done() const noexcept { return state_ == state::done; }
    /// After a 101 (Switching Protocols) head: the rest of the feed that completed
    /// it, the first bytes of the new protocol. Later feeds are ignored like any
    /// bytes after a message, so switch right after the feed that gave the 101.
    std::vector<std::byte> take_held();

private:
    enum class state { status_line, headers, body_length, body_chunked, body_close, done, failed };

    std::error_code parse_status_line(std::string_view line);
    std::error_code finish_head();
    std::error_code fail(std::error_code ec);
    void append_body(byte_span data);
    void flush_body();
    void end_message();

    response_limits limits_;
    bool head_request_ = false;
    state state_ = state::status_line;
    detail::line_buffer line_;
    detail::field_section_reader fields_;
    std::size_t leading_empty_lines_ = 0;
    response_head head_;
    std::uint64_t body_left_ = 0;
    std::optional<chunk_decoder> chunks_;
    std::vector<std::byte> pending_body_;
    bool switched_ = false;
    std::vector<std::byte> held_;
    std::deque<response_event> events_;
    std::error_code error_;
};

}  // namespace lal::http
