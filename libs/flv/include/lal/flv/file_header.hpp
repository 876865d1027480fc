// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>

namespace lal::flv {

/// Size of the FLV file header (Adobe FLV spec v10.1 E.2).
inline constexpr std::size_t file_header_size = 9;
/// Size of each PreviousTagSize field (E.3).
inline constexpr std::size_t previous_tag_size_size = 4;

/// The FLV file header (E.2).
struct file_header {
    std::uint8_t version = 1;
    bool has_audio = true;
    bool has_video = true;
    /// Offset of the body (PreviousTagSize0) from the start of the file; 9 for version 1.
    std::uint32_t data_offset = file_header_size;

    friend bool operator==(const file_header&, const file_header&) = default;
};

/// Parses the first 9 bytes of `in`. Errors: truncated (fewer than 9 bytes),
/// bad_signature (not "FLV"), bad_header (data offset below 9).
lal::result<file_header> parse_file_header(lal::byte_span in);

/// Appends the 9-byte header (always with data offset 9) followed by
/// PreviousTagSize0 (0): the 13 bytes that precede the first tag.
void append_file_header(const file_header& h, std::vector<std::byte>& out);

}  // namespace lal::flv
