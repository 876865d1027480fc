// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/rbsp_reader.hpp>

namespace lal::hevc {

/// The general part of profile_tier_level() (H.265 7.3.3), the fields an
/// hvcC repeats; sub-layer entries are read past and not kept.
struct profile_tier_level {
    std::uint8_t profile_space = 0;             ///< general_profile_space, 2 bits
    bool tier = false;                          ///< general_tier_flag: true = High tier
    std::uint8_t profile_idc = 0;               ///< general_profile_idc: 1 Main, 2 Main 10, 3 Main Still, 4 RExt...
    std::uint32_t compatibility_flags = 0;      ///< general_profile_compatibility_flag[0..31], flag 0 in the top bit
    std::uint64_t constraint_flags = 0;         ///< the 48 bits from general_progressive_source_flag on
    std::uint8_t level_idc = 0;                 ///< general_level_idc: 30 x level (93 = level 3.1)
    friend bool operator==(const profile_tier_level&, const profile_tier_level&) = default;
};

/// Reads profile_tier_level(1, max_sub_layers_minus1) (7.3.3) from `r`;
/// a short read shows in r.failed().
profile_tier_level read_profile_tier_level(lal::rbsp_reader& r, unsigned max_sub_layers_minus1) noexcept;

}  // namespace lal::hevc
