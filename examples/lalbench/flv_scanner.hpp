// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>

#include "stamp.hpp"

namespace lalbench {

/// One FLV tag as the scanner reports it.
struct scanned_tag {
    std::uint8_t type = 0;         ///< 8 audio, 9 video, 18 script (FLV spec E.4.1)
    std::uint32_t timestamp = 0;   ///< milliseconds, TimestampExtended included
    std::uint32_t data_size = 0;
    /// The first bytes (up to stamp_prefix_size) of a video tag's data; empty for
    /// other tags. Valid during the callback only.
    lal::byte_span body;
};

/// Receives the tags the scanner finds, in order.
class tag_sink {
public:
    /// One complete tag.
    virtual void on_tag(const scanned_tag& t) = 0;

protected:
    ~tag_sink() = default;
};

/// Finds tag boundaries in an FLV stream (FLV spec E.2, E.3) without keeping
/// tag data, apart from the first bytes of video tags: what an HTTP-FLV player
/// needs to count frames and read stamps.
class flv_scanner {
public:
    /// Consumes all of `in`, calling `sink` for each tag completed. Errors
    /// (bad_flv_header, bad_flv_tag) leave the scanner dead.
    std::error_code feed(lal::byte_span in, tag_sink& sink);
    /// True when the input so far ends between two tags.
    bool at_tag_boundary() const noexcept { return state_ == state::tag_header && fill_ == 0; }

private:
    enum class state { file_header, skip, previous_size, tag_header, tag_data, dead };

    std::error_code fail(std::error_code ec);
    std::error_code on_fixed(tag_sink& sink);

    state state_ = state::file_header;
    std::error_code error_;
    std::array<std::byte, 11> fixed_{};  // file header (9), tag header (11) or PreviousTagSize (4)
    std::size_t fill_ = 0;
    std::uint64_t skip_left_ = 0;        // bytes between the file header and PreviousTagSize0
    scanned_tag tag_;
    std::uint32_t data_left_ = 0;
    std::uint32_t expected_previous_ = 0;
    std::vector<std::byte> prefix_;
};

}  // namespace lalbench
