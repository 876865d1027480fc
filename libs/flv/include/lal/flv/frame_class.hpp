// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

#include <lal/base/bytes.hpp>
#include <lal/flv/tag.hpp>
#include <lal/media/codec.hpp>
#include <lal/media/kind.hpp>

namespace lal::flv {

/// What an audio or video tag body is, read from its first bytes: the one
/// classifier every lal component uses (hub, recorders, tools).
struct frame_class {
    /// The body's codec (unknown for script data or an empty body).
    media::codec_id codec = media::codec_id::unknown;
    /// A video key frame that carries picture data (not a sequence header or end).
    bool keyframe = false;
    /// Decoder configuration: avcC, hvcC, av1C, AudioSpecificConfig, OpusHead...
    bool sequence_header = false;
    /// AVC/HEVC end of sequence, or Enhanced RTMP SequenceEnd.
    bool end_of_sequence = false;
    /// Enhanced RTMP ExVideoTagHeader / ExAudioTagHeader.
    bool enhanced = false;
    /// The FourCC of an enhanced body (e.g. 'hvc1'), 0 otherwise.
    std::uint32_t fourcc = 0;
};

/// Classifies an FLV audio or video tag body (= RTMP audio/video message body):
/// legacy headers (FLV spec v10.1 E.4.2.1, E.4.3.1; codec id 12 for HEVC and 13
/// with the AVC layout, as Chinese CDNs use them) and Enhanced RTMP (v1/v2:
/// IsExHeader, PacketType, FourCC). Script data and short bodies give {}.
frame_class classify(tag_type type, lal::byte_span body) noexcept;

/// The FLV tag type of an RTMP message type: 8 audio, 9 video, 18 AMF0 data
/// (RTMP spec 7.1.4, 7.1.5, 7.1.2, with the numbers FLV E.4.1 uses); none for
/// anything else (AMF3 data, shared objects, control and commands).
std::optional<tag_type> tag_type_of_message(std::uint8_t message_type) noexcept;

/// The media kind of an RTMP message or FLV tag: audio and video as they are,
/// script data is metadata when `is_metadata` (an onMetaData), data otherwise.
std::optional<media::media_kind> media_kind_of(std::uint8_t message_type, bool is_metadata) noexcept;

/// The RTMP message type / FLV tag type a kind is sent as.
constexpr std::uint8_t message_type_of(media::media_kind k) noexcept {
    switch (k) {
        case media::media_kind::audio: return 8;
        case media::media_kind::video: return 9;
        default: return 18;
    }
}

/// FourCC as a big-endian 32-bit value, as it appears on the wire.
constexpr std::uint32_t fourcc(char a, char b, char c, char d) noexcept {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d));
}

}  // namespace lal::flv
