// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::hevc {

/// Errors of the H.265 parsers and builders. Every function is stateless: a
/// call that failed can be made again with other input.
enum class errc {
    truncated = 1,                     ///< input ended inside a field or structure
    empty_nal_unit,                    ///< fewer than the 2 bytes of a NAL unit header
    forbidden_bit_set,                 ///< forbidden_zero_bit of the NAL unit header is 1
    bad_temporal_id,                   ///< nuh_temporal_id_plus1 is 0
    wrong_nal_type,                    ///< a VPS, SPS or PPS parser got another NAL unit type
    bad_parameter_set_id,              ///< vps/sps/pps id out of its range
    bad_sub_layers,                    ///< max_sub_layers_minus1 above 6
    bad_chroma_format,                 ///< chroma_format_idc above 3
    bad_picture_size,                  ///< width or height 0 or above 16888 (level 6.2 bound)
    bad_conformance_window,            ///< the conformance window removes the whole picture
    bad_bit_depth,                     ///< bit_depth_*_minus8 above 8
    unsupported_configuration_version, ///< hvcC configurationVersion is not 1
    bad_length_size,                   ///< hvcC lengthSizeMinusOne is 2 (3-byte lengths)
    too_many_nal_units,                ///< builder: a count does not fit its 8/16-bit field
    nal_unit_too_large,                ///< builder: a NAL unit longer than 65535 bytes
};

/// The category of lal::hevc::errc ("lal.hevc").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::hevc::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::hevc

template <>
struct std::is_error_code_enum<lal::hevc::errc> : std::true_type {};
