// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/media/codec.hpp>

namespace lal::flv {

/// What an audio stream is, as far as its tags tell.
struct audio_info {
    sound_format format = sound_format::aac;
    /// Output sampling rate, Hz (for AAC with SBR the extension rate).
    std::uint32_t sample_rate = 0;
    unsigned channels = 0;
    /// Bits per sample as SoundSize states it (AAC decodes to 16).
    unsigned sample_size = 16;
    /// Duration of one frame in ms when the codec fixes it (AAC: samples per frame / rate).
    std::optional<double> frame_duration_ms;
    /// The AudioSpecificConfig, for AAC.
    std::optional<lal::aac::audio_specific_config> asc;
};

/// Describes the audio of an audio tag body. For AAC the body must be the
/// sequence header, whose AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) gives
/// rate and channels; for other formats the tag header fields do (Adobe FLV
/// spec v10.1 E.4.2.1). Errors: truncated, not_sequence_header, and lal::aac
/// errors for a bad AudioSpecificConfig.
lal::result<audio_info> parse_audio_info(lal::byte_span data);

/// What a video stream is, from its sequence header.
struct video_info {
    flv::codec_id codec = flv::codec_id::avc;
    /// Picture size after cropping, from the first SPS.
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    /// Frames per second from the SPS VUI timing, when present.
    std::optional<double> frame_rate;
    /// The AVCDecoderConfigurationRecord and its first SPS, for AVC.
    std::optional<lal::avc::decoder_configuration_record> avc_config;
    std::optional<lal::avc::seq_parameter_set> sps;
};

/// Describes the video of an AVC sequence header tag body: the
/// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) and its first SPS
/// (ITU-T H.264 7.3.2.1.1). Errors: truncated, not_sequence_header (another
/// packet type, or a codec without sequence headers), and lal::avc errors.
lal::result<video_info> parse_video_info(lal::byte_span data);

/// What a video configuration record of the media model says.
struct video_config_info {
    std::uint32_t width = 0;       ///< after cropping / the conformance window; AV1: max frame size; VP9: 0 (not in vpcC)
    std::uint32_t height = 0;
    std::uint8_t bit_depth = 8;    ///< luma
    std::string codec_string;      ///< RFC 6381: "avc1.64001F", "hvc1.1.6.L93.B0", "av01.0.04M.08"
};

/// Describes an avcC (H.264), hvcC (H.265) or av1C (AV1) record from its
/// first SPS or sequence header, or a vpcC (VP9) from its fields. Errors: unsupported_codec for other codecs,
/// not_sequence_header when the record holds no SPS / sequence header, and
/// the codec library's errors.
lal::result<video_config_info> describe_video_config(media::codec_id codec, lal::byte_span record);

}  // namespace lal::flv
