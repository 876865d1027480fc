// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::vp9 {

/// Errors of the vpcC parser.
enum class errc {
    truncated = 1,            ///< shorter than the record's 8 fixed bytes and its initialization data
    unsupported_version,      ///< a FullBox header whose version is not 1
    bad_profile,              ///< profile above 3 (VP9 bitstream spec 7.2)
    bad_bit_depth,            ///< not 8, 10 or 12, or not what the profile allows (8 for 0/1, 10 or 12 for 2/3)
    bad_chroma_subsampling,   ///< above 3, or 4:2:0 with profile 1/3, or other than 4:2:0 with profile 0/2
    has_initialization_data,  ///< codecInitializationDataSize is not 0, as VP9 requires
};

/// The category of lal::vp9::errc ("lal.vp9").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::vp9::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::vp9

template <>
struct std::is_error_code_enum<lal::vp9::errc> : std::true_type {};
