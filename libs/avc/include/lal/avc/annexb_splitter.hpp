// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/avc/error.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>

namespace lal::avc {

/// Default cap on one NAL unit held by an annexb_splitter.
inline constexpr std::size_t default_max_nal_size = 16u * 1024 * 1024;

/// Cuts an Annex-B byte stream (a .h264 file, a pipe) into NAL units, fed in
/// pieces of any size. A unit is complete when the next start code arrives,
/// or at finish(). Results do not depend on how the input was cut.
class annexb_splitter {
public:
    /// `max_nal_size` bounds the bytes buffered for one NAL unit.
    explicit annexb_splitter(std::size_t max_nal_size = default_max_nal_size) noexcept
        : max_nal_size_(max_nal_size) {}

    /// Consumes all of `in`. After missing_start_code (non-zero bytes before
    /// the first start code) or nal_unit_too_large the splitter is dead and
    /// keeps returning the error; units completed before it still come out.
    std::error_code feed(byte_span in);

    /// Declares the end of the stream: the unit in progress becomes available.
    /// Feeding afterwards starts a new stream (a start code must come first).
    std::error_code finish();

    /// Next complete NAL unit (header byte first, no start code); empty when
    /// more input is needed.
    std::optional<lal::payload> next();

private:
    void end_unit();

    std::size_t max_nal_size_;
    std::vector<std::byte> current_;
    std::size_t zeros_ = 0;  // 0x00 bytes seen but not yet known to be data
    bool in_unit_ = false;
    std::deque<lal::payload> ready_;
    std::error_code error_;
};

}  // namespace lal::avc
