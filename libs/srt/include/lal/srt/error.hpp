// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::srt {

/// Errors of lal::srt's stream id parser. The parser is stateless: any call
/// can follow an error.
enum class errc {
    empty = 1,           ///< an empty stream id
    too_long,            ///< longer than max_stream_id_size (SRT caps SRTO_STREAMID at 512 bytes)
    bad_character,       ///< a control character (below 0x20, or 0x7f) anywhere in the id
    bad_pair,            ///< a "#!::" item that is not "key=value" with a non-empty key
    duplicate_key,       ///< a key given twice ("r=a/b,r=c/d")
    no_resource,         ///< neither r= nor h= names the stream
    bad_resource,        ///< not "app/stream": an empty part, a further '/', a space, or a ',' (the item separator) in a plain id
    bad_mode,            ///< m= other than request, publish or bidirectional
    unsupported_mode,    ///< m=bidirectional: a connection either publishes or plays here
    unsupported_type,    ///< t= other than stream (file and auth sessions are not served)
};

/// The category of lal::srt::errc ("lal.srt").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::srt::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::srt

template <>
struct std::is_error_code_enum<lal::srt::errc> : std::true_type {};
