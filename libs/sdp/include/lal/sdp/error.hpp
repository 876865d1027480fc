// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::sdp {

/// Errors of lal::sdp. Every function is stateless; any can be called again.
enum class errc {
    too_large = 1,          ///< text longer than parse_options::max_size, or too many lines or media
    bad_line,               ///< a line that is not "<letter>=<value>"
    bad_version,            ///< v= other than 0 (RFC 8866 5.1)
    bad_origin,             ///< o= without its six fields (RFC 8866 5.2)
    bad_connection,         ///< c= without network type, address type and address (RFC 8866 5.7)
    bad_media,              ///< m= without media, port, protocol and a format (RFC 8866 5.14)
    bad_rtpmap,             ///< a=rtpmap not "<pt> <encoding>/<rate>[/<channels>]"
    no_media,               ///< describe_track: no format of the section is supported
    unsupported_codec,      ///< media_for: no SDP description for this codec
    bad_parameter_sets,     ///< sprop-* or config= that do not decode (base64, hex, or the codec's parser)
    unsupported_mode,       ///< packetization-mode 2 (interleaved) or an RFC 3640 mode other than AAC-hbr/lbr
};

/// The category of lal::sdp::errc ("lal.sdp").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::sdp::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::sdp

template <>
struct std::is_error_code_enum<lal::sdp::errc> : std::true_type {};
