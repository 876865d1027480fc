// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>
#include <lal/flv/tag.hpp>

namespace lal::flv {

/// SoundFormat of an audio tag (Adobe FLV spec v10.1 E.4.2.1). Values
/// outside the list are kept as they are.
enum class sound_format : std::uint8_t {
    linear_pcm_platform = 0,
    adpcm = 1,
    mp3 = 2,
    linear_pcm_le = 3,
    nellymoser_16k_mono = 4,
    nellymoser_8k_mono = 5,
    nellymoser = 6,
    g711_alaw = 7,
    g711_mulaw = 8,
    aac = 10,
    speex = 11,
    mp3_8k = 14,
    device_specific = 15,
};

/// AACPacketType (E.4.2.1).
enum class aac_packet_type : std::uint8_t {
    sequence_header = 0,  ///< AudioSpecificConfig
    raw = 1,              ///< one raw AAC frame
};

/// The audio tag header: 1 byte, plus AACPacketType for AAC (E.4.2.1).
struct audio_tag_header {
    sound_format format = sound_format::aac;
    /// SoundRate: 0 = 5.5 kHz, 1 = 11 kHz, 2 = 22 kHz, 3 = 44 kHz (always 3 for AAC).
    std::uint8_t rate = 3;
    /// SoundSize: true for 16-bit samples.
    bool sample_16bit = true;
    /// SoundType: true for stereo.
    bool stereo = true;
    /// Present exactly when format is AAC.
    std::optional<aac_packet_type> aac_type;

    /// Bytes the header takes: 2 for AAC, 1 otherwise.
    std::size_t size() const noexcept { return aac_type ? 2 : 1; }
    friend bool operator==(const audio_tag_header&, const audio_tag_header&) = default;
};

/// Parses the start of an audio tag body. Errors: truncated.
lal::result<audio_tag_header> parse_audio_tag_header(lal::byte_span data);
/// Appends the header; writes AACPacketType when `h.aac_type` is set.
void append_audio_tag_header(const audio_tag_header& h, std::vector<std::byte>& out);

/// FrameType of a video tag (E.4.3.1).
enum class frame_type : std::uint8_t {
    key = 1,
    inter = 2,
    disposable_inter = 3,  ///< H.263 only
    generated_key = 4,     ///< server use only
    info = 5,              ///< video info / command frame
};

/// CodecID of a video tag (E.4.3.1).
enum class codec_id : std::uint8_t {
    jpeg = 1,
    sorenson_h263 = 2,
    screen_video = 3,
    vp6 = 4,
    vp6_alpha = 5,
    screen_video_v2 = 6,
    avc = 7,
    /// Not in the Adobe spec: the id many Chinese CDNs and encoders use for
    /// H.265 with the AVC tag layout. Parsed with that layout.
    hevc = 12,
};

/// AVCPacketType (E.4.3.1).
enum class avc_packet_type : std::uint8_t {
    sequence_header = 0,  ///< AVCDecoderConfigurationRecord
    nalu = 1,             ///< length-prefixed NAL units of one frame
    end_of_sequence = 2,
};

/// The video tag header: 1 byte, plus packet type and composition time for
/// AVC/HEVC (E.4.3.1).
struct video_tag_header {
    flv::frame_type frame = flv::frame_type::key;
    flv::codec_id codec = flv::codec_id::avc;
    /// Present exactly when codec is AVC or HEVC.
    std::optional<avc_packet_type> packet_type;
    /// CompositionTime (SI24, sign-extended): presentation minus decode time in ms.
    std::int32_t composition_time = 0;

    /// Bytes the header takes: 5 for AVC/HEVC, 1 otherwise.
    std::size_t size() const noexcept { return packet_type ? 5 : 1; }
    friend bool operator==(const video_tag_header&, const video_tag_header&) = default;
};

/// Parses the start of a video tag body. Errors: truncated.
lal::result<video_tag_header> parse_video_tag_header(lal::byte_span data);
/// Appends the header; writes packet type and composition time when `h.packet_type` is set.
void append_video_tag_header(const video_tag_header& h, std::vector<std::byte>& out);

/// True for an AVC video tag body.
bool is_avc(tag_type type, lal::byte_span data) noexcept;
/// True for an AAC audio tag body.
bool is_aac(tag_type type, lal::byte_span data) noexcept;
/// True for a key frame that carries picture data: frame type 1 and, for
/// AVC/HEVC and Enhanced RTMP, coded frames (sequence headers are not key
/// frames here). Same answer as classify() in frame_class.hpp.
bool is_keyframe(tag_type type, lal::byte_span data) noexcept;
/// True for a decoder configuration: AVC/HEVC, AAC or Enhanced RTMP SequenceStart.
bool is_sequence_header(tag_type type, lal::byte_span data) noexcept;
/// True for an AVC/HEVC end-of-sequence tag or an Enhanced RTMP SequenceEnd.
bool is_end_of_sequence(tag_type type, lal::byte_span data) noexcept;

inline bool is_avc(const tag& t) noexcept { return is_avc(t.type, t.data.bytes()); }
inline bool is_aac(const tag& t) noexcept { return is_aac(t.type, t.data.bytes()); }
inline bool is_keyframe(const tag& t) noexcept { return is_keyframe(t.type, t.data.bytes()); }
inline bool is_sequence_header(const tag& t) noexcept {
    return is_sequence_header(t.type, t.data.bytes());
}
inline bool is_end_of_sequence(const tag& t) noexcept {
    return is_end_of_sequence(t.type, t.data.bytes());
}

}  // namespace lal::flv
