// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/http/chunked.hpp>
#include <lal/http/detail/field_section.hpp>
#include <lal/http/detail/line_buffer.hpp>
#include <lal/http/request.hpp>

namespace lal::http {

/// Bounds checked while a request arrives, so a peer cannot make us hold more.
struct request_limits {
    std::size_t max_request_line = 8 * 1024;   ///< request line, CRLF included -> 414
    std::size_t max_header_bytes = 16 * 1024;  ///< header section, CRLFs included -> 431
    std::size_t max_headers = 64;              ///< header fields -> 431
    std::size_t max_body_bytes = 64 * 1024;    ///< request body (framing removed) -> 413
    chunk_limits chunks;                       ///< chunk-size lines and trailers of a chunked body
};

/// Incremental parser of HTTP/1.1 requests (RFC 9112 2-7). Feed bytes as they
/// arrive, then drain finished requests with next(). A request is delivered once
/// its head and its body (Content-Length or chunked, at most max_body_bytes) are
/// complete. Pipelined requests come out one after the other, in order.
/// After a request that asks to switch protocols (request::wants_upgrade) the
/// parser pauses: later bytes are held (within max_header_bytes) until the caller
/// either switches (take_held()) or declines and resume()s HTTP parsing.
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
    /// True after an upgrade request has been parsed, until resume().
    bool paused() const noexcept { return state_ == state::paused; }
    /// Bytes that followed the upgrade request: the first bytes of the new
    /// protocol once the switch is made. The parser stays paused.
    std::vector<std::byte> take_held();
    /// The upgrade was declined: parses the held bytes as HTTP and continues.
    std::error_code resume();

private:
    enum class state { request_line, headers, body_length, body_chunked, paused, failed };

    std::error_code parse_request_line(std::string_view line);
    std::error_code finish_head();
    std::error_code append_body(byte_span data);
    void finish_request();
    std::error_code fail(std::error_code ec);

    request_limits limits_;
    state state_ = state::request_line;
    detail::line_buffer line_;
    detail::field_section_reader fields_;
    std::size_t leading_empty_lines_ = 0;
    std::uint64_t body_left_ = 0;
    std::optional<chunk_decoder> body_chunks_;
    std::vector<std::byte> body_;
    std::vector<std::byte> held_;  // bytes after an upgrade request
    request current_;
    std::deque<request> ready_;
    std::error_code error_;
};

}  // namespace lal::http
