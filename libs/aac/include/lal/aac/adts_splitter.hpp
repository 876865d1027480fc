// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/aac/error.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>

namespace lal::aac {

/// Cuts an ADTS byte stream (a .aac file, a socket) into whole frames, fed in
/// pieces of any size. Frames are bounded by the 13-bit length, so at most one
/// frame plus the last input is buffered.
class adts_splitter {
public:
    /// Consumes all of `in`. After an error (bad_adts_sync, bad_adts_layer,
    /// bad_sampling_frequency_index, bad_adts_frame_length) the splitter is
    /// dead and keeps returning it; frames before the bad one still come out.
    std::error_code feed(byte_span in);

    /// Next complete frame, header included; empty when more input is needed.
    std::optional<lal::payload> next();

    /// Declares the end of the input: truncated if part of a frame is left.
    std::error_code finish() const noexcept;

    /// Bytes held that do not yet form a whole frame.
    std::size_t buffered() const noexcept { return buffer_.size(); }

private:
    std::vector<std::byte> buffer_;
    std::deque<lal::payload> ready_;
    std::error_code error_;
};

}  // namespace lal::aac
