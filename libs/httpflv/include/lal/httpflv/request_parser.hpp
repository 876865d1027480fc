// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <system_error>

#include <lal/base/bytes.hpp>
#include <lal/httpflv/chunked.hpp>
#include <lal/httpflv/detail/field_section.hpp>
#include <lal/httpflv/detail/line_buffer.hpp>
#include <lal/httpflv/request.hpp>

namespace lal::httpflv {

/// Bounds checked while a request arrives, so a peer cannot make us hold more.
struct request_limits {
    std::size_t max_request_line = 8 * 1024;   ///< request line, CRLF included -> 414
    std::size_t max_header_bytes = 16 * 1024;  ///< header section, CRLFs included -> 431
    std::size_t max_headers = 64;              ///< header fields -> 431
    std::size_t max_body_bytes = 64 * 1024;    ///< request body skipped at most -> 413
};

/// Incremental parser of HTTP/1.1 request heads (RFC 9112 2-6). Feed bytes as
/// they arrive, then drain finished requests with next(). A request is delivered
/// as soon as its head is complete; its body, if any (GET and HEAD have none), is
/// read and discarded up to max_body_bytes. Pipelined requests come out in order.
class request_parser {
public:
    explicit request_parser(request_limits limits = {});

    /// Consumes all of `in`. After an error the parser is dead (every later call
    /// returns the same error): answer with status_for(ec) and close.
    std::error_code feed(byte_span in);
    /// The next complete request head; empty when more input is needed.
    std::optional<request> next();
    /// True when part of a request has arrived but not all of it.
    bool in_progress() const noexcept;
    /// The error that stopped the parser, if any.
    std::error_code error() const noexcept { return error_; }

private:
    enum class state { request_line, headers, body_length, body_chunked, failed };

    std::error_code parse_request_line(std::string_view line);
    std::error_code finish_head();
    std::error_code fail(std::error_code ec);

    request_limits limits_;
    state state_ = state::request_line;
    detail::line_buffer line_;
    detail::field_section_reader fields_;
    std::size_t leading_empty_lines_ = 0;
    std::uint64_t body_left_ = 0;
    std::optional<chunk_decoder> body_chunks_;
    request current_;
    std::deque<request> ready_;
    std::error_code error_;
};

}  // namespace lal::httpflv
