// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <lal/base/bytes.hpp>

namespace lal::http::detail {

/// Collects one line across feeds, never holding more than a given number of
/// bytes. Lines end in LF; a CR just before it is dropped (RFC 9112 2.2 lets a
/// recipient accept a bare LF as the terminator).
class line_buffer {
public:
    enum class status { need_more, line, too_long };

    /// Consumes bytes from the front of `in`, up to and including the LF. `limit`
    /// bounds the raw line, terminator included; too_long as soon as the held
    /// bytes plus the terminator still to come exceed it.
    status take(byte_span& in, std::size_t limit);

    /// The last complete line without its terminator; valid until the next take().
    std::string_view line() const noexcept { return line_; }
    /// Raw size of the last complete line, terminator included.
    std::size_t raw_size() const noexcept { return raw_size_; }
    /// True when part of a line is held.
    bool partial() const noexcept { return !complete_ && !line_.empty(); }
    /// Releases the held memory (between messages).
    void release() noexcept;

private:
    std::string line_;
    std::size_t raw_size_ = 0;
    bool complete_ = false;
};

}  // namespace lal::http::detail
