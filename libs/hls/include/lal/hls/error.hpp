// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::hls {

/// Errors of the HLS segmenter. None of them leaves a segmenter unusable.
enum class errc {
    bad_options = 1,  ///< options out of range (fragment_num or fragment_duration_ms 0, bad stream name)
    stream_ended,     ///< publish start after the playlist got EXT-X-ENDLIST (RFC 8216 6.2.1: it is final)
};

/// The category of lal::hls::errc ("lal.hls").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::hls::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::hls

template <>
struct std::is_error_code_enum<lal::hls::errc> : std::true_type {};
