// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/http/headers.hpp>

#include <lal/http/detail/line_buffer.hpp>

namespace lal::http::detail {

/// Parses one field line `name: value` into `out` (RFC 9112 5.1): the name is a
/// token with no whitespace before the colon; the value loses its surrounding
/// whitespace and may hold no CTL but HTAB. A line starting with whitespace is
/// obsolete folding (RFC 9112 5.2) and rejected.
std::error_code parse_field_line(std::string_view line, header_list& out);

/// Content-Length of a head (RFC 9112 6.3): nullopt when absent; bad_content_length
/// unless every value (several fields, or a list) is the same decimal number.
lal::result<std::optional<std::uint64_t>> content_length(const header_list& headers);

/// How Transfer-Encoding frames a body (RFC 9112 6.1).
enum class transfer_coding { none, chunked, other };
/// none without the field, chunked when chunked is the final coding, else other.
transfer_coding final_transfer_coding(const header_list& headers);

/// Reads field lines up to the empty line that ends a header or trailer section,
/// within a byte budget (line terminators included) and a field count.
class field_section_reader {
public:
    /// Starts a new section.
    void reset(std::size_t max_bytes, std::size_t max_fields) noexcept;
    /// Consumes from the front of `in`, adding fields to `out`. Sets `done` once the
    /// empty line has been read (the rest of `in` is left alone).
    std::error_code take(byte_span& in, header_list& out, bool& done);
    /// True when part of a line is held.
    bool partial() const noexcept { return line_.partial(); }
    /// Releases the line buffer's memory.
    void release() noexcept { line_.release(); }

private:
    line_buffer line_;
    std::size_t max_bytes_ = 0;
    std::size_t max_fields_ = 0;
    std::size_t used_ = 0;
    std::size_t fields_ = 0;
};

}  // namespace lal::http::detail
