// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/http/detail/line_buffer.hpp>
#include <lal/http/headers.hpp>

namespace lal::http {

/// Bounds for decoding the chunked transfer coding.
struct chunk_limits {
    std::size_t max_chunk_line = 4096;      ///< chunk-size line with extensions, CRLF included
    std::size_t max_trailer_bytes = 16384;  ///< trailer section, line terminators included
    std::size_t max_trailers = 64;          ///< trailer fields
};

/// Incremental decoder of the chunked transfer coding (RFC 9112 7.1): removes
/// the framing, ignores chunk extensions, parses and keeps trailer fields.
class chunk_decoder {
public:
    explicit chunk_decoder(chunk_limits limits = {});

    /// Consumes framing from the front of `in` and returns the next run of chunk
    /// data, a sub-span of `in` that is consumed as well. Returns an empty span
    /// once `in` is used up or the body has ended. An error leaves the decoder dead.
    lal::result<byte_span> decode(byte_span& in);
    /// True once the last chunk and the trailer section have been read.
    bool done() const noexcept { return state_ == state::done; }
    /// Trailer fields (RFC 9112 7.1.2), complete once done().
    const header_list& trailers() const noexcept { return trailers_; }
    /// Data bytes decoded so far.
    std::uint64_t data_bytes() const noexcept { return data_bytes_; }

private:
    enum class state { size_line, data, data_cr, data_lf, trailer, done, failed };

    std::error_code parse_size_line(std::string_view line);

    chunk_limits limits_;
    state state_ = state::size_line;
    std::uint64_t remaining_ = 0;
    std::uint64_t data_bytes_ = 0;
    header_list trailers_;
    detail::line_buffer line_;        // chunk-size or trailer line, bounded
    std::size_t trailer_used_ = 0;    // trailer bytes so far
    std::error_code error_;
};

/// "<hex size>\r\n": the chunk-size line of a chunk of `size` (> 0) bytes.
lal::payload chunk_header(std::size_t size);
/// The CRLF after each chunk's data (one buffer shared by every caller).
lal::payload chunk_end();
/// "0\r\n\r\n": the last chunk and an empty trailer section (one shared buffer).
lal::payload last_chunk();
/// Appends `data` as one chunk to `out`: its size line, the payloads themselves
/// (shared, not copied) and the CRLF. Appends nothing when `data` holds no bytes.
void append_chunk(std::span<const lal::payload> data, std::vector<lal::payload>& out);

}  // namespace lal::http
