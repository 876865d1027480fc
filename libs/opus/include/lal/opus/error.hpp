// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::opus {

/// Errors of the OpusHead parser and builder.
enum class errc {
    truncated = 1,           ///< shorter than its fields or its channel mapping table
    bad_magic,               ///< does not start with "OpusHead"
    unsupported_version,     ///< major version (upper 4 bits) is not 0
    bad_channel_count,       ///< 0 channels, or more than family 0 (2) or 1 (8) allow
    bad_stream_counts,       ///< stream count 0, coupled above streams, or streams + coupled above 255
    bad_channel_mapping,     ///< a mapping entry names a stream that does not exist (and is not 255)
};

/// The category of lal::opus::errc ("lal.opus").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::opus::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::opus

template <>
struct std::is_error_code_enum<lal::opus::errc> : std::true_type {};
