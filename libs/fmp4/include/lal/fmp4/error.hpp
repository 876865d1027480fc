// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::fmp4 {

/// Errors of the fMP4 writer and reader.
enum class errc {
    truncated = 1,        ///< a box or field runs past the bytes given
    bad_box_size,         ///< a box size below its header, or a 64-bit size this reader does not take
    too_deep,             ///< boxes nested deeper than the reader allows
    too_many,             ///< more tracks, entries or samples than the limits allow
    missing_box,          ///< a box the structure requires (moov, trak, mdia, stsd, mfhd, tfhd...) is absent
    unsupported_codec,    ///< a codec or sample entry this library does not write or read
    bad_config,           ///< a codec configuration record that does not parse
    bad_track,            ///< a track id of 0, a duplicate id, or a run naming no track
    too_large,            ///< a fragment whose mdat would pass 4 GiB, or an offset past 2^31
};

/// The category of lal::fmp4::errc ("lal.fmp4").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::fmp4::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::fmp4

template <>
struct std::is_error_code_enum<lal::fmp4::errc> : std::true_type {};
