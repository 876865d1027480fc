// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <system_error>
#include <type_traits>

namespace lal::transcode {

/// Errors of the transcoders. Each concerns the one input frame it was
/// returned for: the transcoder stays usable and takes the next frame.
enum class errc {
    wrong_codec = 1,     ///< the frame is not audio of the codec this transcoder takes
    missing_config,      ///< an AAC frame without its AudioSpecificConfig
    bad_config,          ///< the ASC or OpusHead does not parse, or the decoder refuses it
    unsupported_config,  ///< a valid config this library does not handle (Opus with more than 2 channels)
    frame_too_large,     ///< the frame exceeds max_frame_size, so it is not handed to the decoder
    decode_failed,       ///< the decoder rejected the frame (corrupt bytes)
    encode_failed,       ///< the encoder rejected the audio (not expected with valid PCM)
    codec_unavailable,   ///< libavcodec was built without the AAC decoder or encoder
};

/// Largest coded frame accepted, in bytes: above any AAC raw_data_block
/// (6144 bits per channel, ISO/IEC 14496-3 4.5.3) of 48 channels and any
/// Opus packet (RFC 6716 3.4: 120 ms of 1275-byte frames).
inline constexpr std::size_t max_frame_size = 65536;

/// The category of lal::transcode::errc ("lal.transcode").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::transcode::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::transcode

template <>
struct std::is_error_code_enum<lal::transcode::errc> : std::true_type {};
