// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/rtsp/message.hpp>

namespace lal::rtsp {

/// Bounds of a reader; everything is checked before memory is reserved.
struct reader_limits {
    std::size_t max_line = 4096;        ///< bytes of a start or header line
    std::size_t max_headers = 64;       ///< header lines of one message
    std::size_t max_body = 64 * 1024;   ///< Content-Length
    std::uint8_t max_channel = 31;      ///< highest interleaved channel (two per track)
    std::size_t min_frame = 4;          ///< shortest interleaved frame (an RTCP header)
    std::size_t max_frame = 65535;      ///< longest interleaved frame (the 16-bit length's range)
};

/// A binary frame interleaved in the TCP stream (RFC 2326 10.12): '$', channel, 16-bit length.
struct interleaved_frame {
    std::uint8_t channel = 0;
    lal::payload data;
};

/// What a reader produces.
using item = std::variant<message, interleaved_frame>;

/// Splits one TCP byte stream into RTSP messages and interleaved frames
/// (RFC 2326 10.12), on any partial input. Lines end with CRLF or LF; empty
/// lines between messages are skipped.
class reader {
public:
    /// A reader with `limits`.
    explicit reader(reader_limits limits = {}) : limits_(limits) {}
    /// Consumes all of `in`. After an error the reader is dead: close the connection.
    std::error_code feed(std::span<const std::byte> in);
    /// The next complete message or frame; empty when more input is needed.
    std::optional<item> next();
    /// Bytes held for an unfinished message or frame.
    std::size_t buffered() const noexcept { return buffer_.size(); }

private:
    enum class state { start, headers, body, frame };
    std::error_code parse();
    std::error_code on_line(std::string_view line);
    std::error_code end_of_headers();

    reader_limits limits_;
    std::vector<std::byte> buffer_;
    std::size_t pos_ = 0;
    state state_ = state::start;
    message current_;
    std::size_t body_length_ = 0;
    std::size_t frame_length_ = 0;
    std::uint8_t frame_channel_ = 0;
    std::error_code error_;
    std::deque<item> out_;
};

}  // namespace lal::rtsp
