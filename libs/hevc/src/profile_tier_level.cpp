// SPDX-License-Identifier: MIT
#include <lal/hevc/profile_tier_level.hpp>

namespace lal::hevc {

profile_tier_level read_profile_tier_level(lal::rbsp_reader& r, unsigned max_sub_layers_minus1) noexcept {
    profile_tier_level p;
    p.profile_space = static_cast<std::uint8_t>(r.u(2));
    p.tier = r.flag();
    p.profile_idc = static_cast<std::uint8_t>(r.u(5));
    p.compatibility_flags = r.u(32);
    // progressive, interlaced, non_packed, frame_only, then 43 + 1 bits of
    // constraint and reserved flags: 48 bits that hvcC copies as they are.
    p.constraint_flags = std::uint64_t{r.u(16)} << 32 | r.u(32);
    p.level_idc = static_cast<std::uint8_t>(r.u(8));
    bool profile_present[8] = {};
    bool level_present[8] = {};
    for (unsigned i = 0; i < max_sub_layers_minus1; ++i) {
        profile_present[i] = r.flag();
        level_present[i] = r.flag();
    }
    // reserved_zero_2bits pad the flags to 8 pairs.
    if (max_sub_layers_minus1 > 0) r.skip(2 * (8 - max_sub_layers_minus1));
    for (unsigned i = 0; i < max_sub_layers_minus1; ++i) {
        if (profile_present[i]) r.skip(88);  // sub_layer profile space .. reserved bits
        if (level_present[i]) r.skip(8);     // sub_layer_level_idc
    }
    return p;
}

}  // namespace lal::hevc
