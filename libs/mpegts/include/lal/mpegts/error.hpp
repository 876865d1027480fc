// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::mpegts {

/// Errors of the MPEG-TS muxer and demuxer. None of them leaves an object
/// unusable: the muxer refuses the one frame, the demuxer drops what it names
/// and goes on with the next packet.
enum class errc {
    // muxer
    no_track_for_frame = 1,  ///< the frame's kind or codec is not a track of the muxer
    unsupported_codec,       ///< a track codec TS carriage is not implemented for
    bad_config,              ///< the track's avcC/hvcC/ASC/OpusHead does not parse
    bad_frame,               ///< NAL length prefixes run past the frame's data
    frame_too_large,         ///< an audio PES over 65535 bytes, or an ADTS frame over 8191
    // demuxer
    sync_lost,               ///< bytes skipped to find the 0x47 sync byte (ISO/IEC 13818-1 2.4.3.2)
    transport_error,         ///< transport_error_indicator set: the packet is dropped
    bad_adaptation_field,    ///< adaptation_field_length past the packet
    continuity_error,        ///< a continuity_counter gap (2.4.3.3): the PES in progress is dropped
    bad_section,             ///< a PSI section with a bad length or syntax
    crc_mismatch,            ///< a PSI section whose CRC_32 does not check (Annex A)
    bad_pes_header,          ///< a PES header that is not '0000 01' or runs past its data
    pes_too_large,           ///< a PES over the demuxer's max_pes_size: dropped
    pes_length_mismatch,     ///< a PES ended before its PES_packet_length
    no_parameter_sets,       ///< video before its SPS/PPS(/VPS): the frame is dropped
    bad_elementary_stream,   ///< ADTS, Opus control header or Annex-B data that does not parse
    too_many_streams,        ///< a PMT with more elementary streams than the demuxer keeps
};

/// The category of lal::mpegts::errc ("lal.mpegts").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::mpegts::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::mpegts

template <>
struct std::is_error_code_enum<lal::mpegts::errc> : std::true_type {};
