// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::aac {

/// Errors of the AAC codecs. The stateless parsers can be called again with
/// other input; an adts_splitter that returned one is dead.
enum class errc {
    truncated = 1,                   ///< input ended inside a field
    bad_object_type,                 ///< audio object type 0, or 5/29 as the core of SBR/PS signalling
    bad_sampling_frequency_index,    ///< reserved index 13 or 14 (or 15 where no escape is allowed)
    bad_sampling_frequency,          ///< explicit 24-bit sampling frequency of 0
    unsupported_ep_config,           ///< error-resilient epConfig 2 or 3 (ErrorProtectionSpecificConfig)
    inconsistent_config,             ///< builder: fields contradict each other or exceed their bit width
    bad_adts_sync,                   ///< ADTS frame does not start with syncword 0xFFF
    bad_adts_layer,                  ///< ADTS layer field is not 0
    bad_adts_frame_length,           ///< aac_frame_length is smaller than the ADTS header itself
    adts_frame_too_large,            ///< builder: frame does not fit the 13-bit aac_frame_length
    adts_unsupported_object_type,    ///< builder: only object types 1..4 fit ADTS's 2-bit profile
    adts_unsupported_sampling_frequency, ///< builder: explicit frequency (index 15) has no ADTS form
    adts_unsupported_channel_configuration, ///< builder: channel configuration above 7
    adts_multiple_raw_blocks,        ///< more than one raw_data_block in a frame (not split here)
};

/// The category of lal::aac::errc ("lal.aac").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::aac::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::aac

template <>
struct std::is_error_code_enum<lal::aac::errc> : std::true_type {};
