// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::avc {

/// Errors of the H.264 codecs. The stateless parsers can be called again with
/// other input; an annexb_splitter that returned one is dead.
enum class errc {
    truncated = 1,                  ///< input ended inside a field or structure
    empty_nal_unit,                 ///< a NAL unit without even its header byte
    forbidden_bit_set,              ///< forbidden_zero_bit of the NAL header is 1
    missing_start_code,             ///< Annex-B data does not begin with a start code
    bad_length_size,                ///< NAL length field size other than 1, 2 or 4
    nal_length_exceeds_data,        ///< an AVCC length prefix runs past the end of the data
    nal_unit_too_large,             ///< NAL unit longer than its length field or the splitter limit
    access_unit_too_large,          ///< access unit larger than the assembler limit
    unsupported_configuration_version, ///< AVCDecoderConfigurationRecord version is not 1
    too_many_parameter_sets,        ///< builder: over 31 SPS, 255 PPS or 255 SPS extensions
    not_sps,                        ///< nal_unit_type is not 7
    bad_sps_id,                     ///< seq_parameter_set_id above 31
    bad_chroma_format,              ///< chroma_format_idc above 3
    bad_bit_depth,                  ///< bit_depth_*_minus8 above 6
    bad_scaling_list,               ///< delta_scale outside -128..127
    bad_frame_num_size,             ///< log2_max_frame_num_minus4 above 12
    bad_pic_order_cnt,              ///< pic_order_cnt_type above 2 or its lsb size above 12
    too_many_poc_cycle_frames,      ///< num_ref_frames_in_pic_order_cnt_cycle above 255
    too_many_ref_frames,            ///< max_num_ref_frames above 16
    bad_picture_size,               ///< picture wider or taller than 2048 macroblocks
    bad_cropping,                   ///< frame cropping removes the whole picture
    bad_vui,                        ///< a VUI or HRD field outside its range
};

/// The category of lal::avc::errc ("lal.avc").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::avc::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::avc

template <>
struct std::is_error_code_enum<lal::avc::errc> : std::true_type {};
