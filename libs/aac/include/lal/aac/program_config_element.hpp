// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lal::aac {

/// A front, side or back element of a program_config_element: a single channel
/// element (SCE) or a channel pair element (CPE) with its instance tag.
struct pce_channel_element {
    bool is_cpe = false;       ///< true: a channel pair (2 channels)
    std::uint8_t tag = 0;      ///< element_tag_select (4 bits)
    bool operator==(const pce_channel_element&) const = default;
};

/// A coupling channel element reference of a program_config_element.
struct pce_cc_element {
    bool is_ind_sw = false;    ///< cc_element_is_ind_sw
    std::uint8_t tag = 0;      ///< valid_cc_element_tag_select (4 bits)
    bool operator==(const pce_cc_element&) const = default;
};

/// matrix_mixdown_idx and pseudo_surround_enable of a program_config_element.
struct pce_matrix_mixdown {
    std::uint8_t index = 0;    ///< matrix_mixdown_idx (2 bits)
    bool pseudo_surround = false;
    bool operator==(const pce_matrix_mixdown&) const = default;
};

/// program_config_element (ISO/IEC 14496-3 4.4.1.1, semantics in 4.5.1):
/// the channel layout carried when channelConfiguration is 0.
struct program_config_element {
    std::uint8_t element_instance_tag = 0;      ///< 4 bits
    std::uint8_t object_type = 1;               ///< 2 bits: audio object type - 1
    std::uint8_t sampling_frequency_index = 4;  ///< 4 bits
    std::vector<pce_channel_element> front;     ///< at most 15
    std::vector<pce_channel_element> side;      ///< at most 15
    std::vector<pce_channel_element> back;      ///< at most 15
    std::vector<std::uint8_t> lfe;              ///< LFE element tags, at most 3
    std::vector<std::uint8_t> assoc_data;       ///< data stream element tags, at most 7
    std::vector<pce_cc_element> cc;             ///< coupling channel elements, at most 15
    std::optional<std::uint8_t> mono_mixdown;   ///< mono_mixdown_element_number
    std::optional<std::uint8_t> stereo_mixdown; ///< stereo_mixdown_element_number
    std::optional<pce_matrix_mixdown> matrix_mixdown;
    std::vector<std::byte> comment;             ///< comment_field_data, at most 255 bytes

    /// Output channels: one per SCE and LFE, two per CPE.
    unsigned channel_count() const noexcept;

    bool operator==(const program_config_element&) const = default;
};

}  // namespace lal::aac
