// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::rtp {

/// Errors of lal::rtp. The parsers are stateless; a depacketizer or reorder
/// buffer that returns one stays usable (the packet was dropped and, for
/// video, the stream waits for the next key frame).
enum class errc {
    truncated = 1,           ///< a header or field runs past the end of the bytes
    bad_version,             ///< version field is not 2 (RFC 3550 5.1)
    bad_padding,             ///< padding count of 0 or larger than the payload (RFC 3550 5.1)
    bad_extension,           ///< header extension data not a whole number of 32-bit words
    too_many_csrcs,          ///< builder: more than 15 CSRC identifiers
    bad_rtcp_length,         ///< RTCP length field disagrees with the bytes (RFC 3550 6.4.1)
    bad_rtcp_padding,        ///< padding on an RTCP packet that is not the last of a compound
    bad_report_count,        ///< RTCP count field needs more bytes than the packet has
    text_too_long,           ///< builder: SDES item or BYE reason over 255 bytes
    empty_payload,           ///< a payload too short for its payload format header
    unsupported_packet_type, ///< STAP-B, MTAP, FU-B, PACI: not used by RTSP peers
    bad_fragment,            ///< FU start inside a fragment, or a middle/end without start
    bad_aggregate,           ///< an aggregated NAL length runs past the packet
    bad_au_header,           ///< RFC 3640 AU headers do not fit the payload
    frame_too_large,         ///< a reassembled frame would exceed the configured limit
    bad_frame,               ///< packetizer: the frame's length-prefixed NAL units are malformed
    unsupported_codec,       ///< no payload format for this codec
    payload_too_small,       ///< packetizer: max_payload too small for the payload format
    not_parameter_set,       ///< make_hevc_config: a NAL unit is not the VPS, SPS or PPS it stands for
};

/// The category of lal::rtp::errc ("lal.rtp").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::rtp::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::rtp

template <>
struct std::is_error_code_enum<lal::rtp::errc> : std::true_type {};
