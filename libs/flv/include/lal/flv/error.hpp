// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::flv {

/// Errors of the FLV and AMF0 codecs. A reader that returned one is dead;
/// the stateless decoders can simply be called again with other input.
enum class errc {
    truncated = 1,              ///< input ended inside a header, tag or AMF0 value
    bad_signature,              ///< the file does not start with "FLV"
    bad_header,                 ///< FLV header version or data offset is invalid
    unknown_tag_type,           ///< tag type is not 8, 9 or 18
    encrypted_tag,              ///< tag has the Filter bit set (encrypted content)
    tag_too_large,              ///< tag data size exceeds reader_limits::max_tag_size
    bad_script_data,            ///< script tag does not start with a name string
    amf0_unknown_marker,        ///< AMF0 type marker that is reserved or undefined
    amf0_amf3_unsupported,      ///< AMF0 avmplus-object marker (0x11): AMF3 is not supported
    amf0_too_deep,              ///< AMF0 nesting deeper than decode_options::max_depth
    amf0_unexpected_object_end, ///< AMF0 object-end marker outside an object
    not_sequence_header,        ///< codec info asked of a tag that is not a sequence header
    unsupported_codec,          ///< no FLV header can be built for the item's codec
    not_enhanced,               ///< an Enhanced RTMP header asked of a legacy body
    unsupported_multitrack,     ///< Enhanced RTMP v2 multitrack packet (one track per stream here)
    bad_mod_ex,                 ///< Enhanced RTMP v2 ModEx of an unknown kind or size
};

/// The category of lal::flv::errc ("lal.flv").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::flv::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::flv

template <>
struct std::is_error_code_enum<lal::flv::errc> : std::true_type {};
