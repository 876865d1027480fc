// SPDX-License-Identifier: MIT
#include <lal/flv/frame_class.hpp>

#include <lal/flv/ex_header.hpp>

namespace lal::flv {
namespace {

using media::codec_id;

unsigned byte_at(lal::byte_span b, std::size_t i) noexcept { return std::to_integer<unsigned>(b[i]); }

std::uint32_t fourcc_at(lal::byte_span b, std::size_t i) noexcept {
    return static_cast<std::uint32_t>(byte_at(b, i)) << 24 | static_cast<std::uint32_t>(byte_at(b, i + 1)) << 16 |
           static_cast<std::uint32_t>(byte_at(b, i + 2)) << 8 | static_cast<std::uint32_t>(byte_at(b, i + 3));
}

codec_id video_codec_of_fourcc(std::uint32_t f) noexcept {
    if (f == fourcc('a', 'v', 'c', '1')) return codec_id::h264;
    if (f == fourcc('h', 'v', 'c', '1')) return codec_id::h265;
    if (f == fourcc('a', 'v', '0', '1')) return codec_id::av1;
    if (f == fourcc('v', 'p', '0', '9')) return codec_id::vp9;
    return codec_id::other_video;
}

codec_id audio_codec_of_fourcc(std::uint32_t f) noexcept {
    if (f == fourcc('m', 'p', '4', 'a')) return codec_id::aac;
    if (f == fourcc('O', 'p', 'u', 's')) return codec_id::opus;
    if (f == fourcc('.', 'm', 'p', '3')) return codec_id::mp3;
    return codec_id::other_audio;
}

frame_class classify_video(lal::byte_span b) noexcept {
    frame_class c;
    const unsigned b0 = byte_at(b, 0);
    if (b0 & 0x80) {
        // Enhanced RTMP ExVideoTagHeader: IsExHeader(1) FrameType(3) PacketType(4),
        // (v2: ModEx prefixes,) then a FourCC unless this is a command frame (FrameType 5).
        c.enhanced = true;
        const unsigned frame_type = (b0 >> 4) & 0x7;
        unsigned packet_type = b0 & 0x0f;
        if (auto h = parse_ex_video_header(b)) {
            packet_type = static_cast<unsigned>(h->packet_type);
            c.fourcc = h->fourcc;
            if (c.fourcc != 0) c.codec = video_codec_of_fourcc(c.fourcc);
        } else if (frame_type != 5 && packet_type != 7 && b.size() >= 5) {
            // Multitrack: the first track's FourCC still names the codec.
            c.fourcc = fourcc_at(b, 1);
            c.codec = video_codec_of_fourcc(c.fourcc);
        }
        // PacketType 0 SequenceStart, 1 CodedFrames, 2 SequenceEnd, 3 CodedFramesX.
        c.sequence_header = packet_type == 0;
        c.end_of_sequence = packet_type == 2;
        c.keyframe = frame_type == 1 && (packet_type == 1 || packet_type == 3);
        return c;
    }
    // E.4.3.1: FrameType(4) CodecID(4).
    const unsigned frame_type = b0 >> 4;
    const unsigned codec = b0 & 0x0f;
    switch (codec) {
        case 7: c.codec = codec_id::h264; break;
        case 12: c.codec = codec_id::h265; break;
        case 13: c.codec = codec_id::av1; break;
        default: c.codec = codec_id::other_video; break;
    }
    // FrameType 5: a video info / command frame (one UI8 instead of a payload,
    // whatever the codec): neither a picture nor a configuration.
    if (frame_type == 5) return c;
    // AVC (7), and HEVC (12) / 13 with the same layout: AVCPacketType 0 =
    // sequence header, 1 = NAL units, 2 = end of sequence.
    const bool avc_layout = codec == 7 || codec == 12 || codec == 13;
    if (avc_layout) {
        if (b.size() < 2) return c;
        const unsigned packet_type = byte_at(b, 1);
        c.sequence_header = packet_type == 0;
        c.end_of_sequence = packet_type == 2;
        c.keyframe = frame_type == 1 && packet_type == 1;
        return c;
    }
    c.keyframe = frame_type == 1;
    return c;
}

frame_class classify_audio(lal::byte_span b) noexcept {
    frame_class c;
    const unsigned b0 = byte_at(b, 0);
    const unsigned format = b0 >> 4;
    if (format == 9) {
        // Enhanced RTMP v2 ExAudioTagHeader: SoundFormat 9, AudioPacketType in the
        // low nibble (0 SequenceStart, 1 CodedFrames, 2 SequenceEnd), then a FourCC.
        c.enhanced = true;
        unsigned packet_type = b0 & 0x0f;
        if (auto h = parse_ex_audio_header(b)) {
            packet_type = static_cast<unsigned>(h->packet_type);
            c.fourcc = h->fourcc;
            c.codec = audio_codec_of_fourcc(c.fourcc);
        } else if (packet_type != 7 && b.size() >= 5) {
            c.fourcc = fourcc_at(b, 1);
            c.codec = audio_codec_of_fourcc(c.fourcc);
        }
        c.sequence_header = packet_type == 0;
        c.end_of_sequence = packet_type == 2;
        return c;
    }
    // E.4.2.1: SoundFormat 2/14 MP3, 7 G.711 A-law, 8 G.711 mu-law, 10 AAC.
    switch (format) {
        case 2:
        case 14: c.codec = codec_id::mp3; break;
        case 7: c.codec = codec_id::g711a; break;
        case 8: c.codec = codec_id::g711u; break;
        case 10: c.codec = codec_id::aac; break;
        default: c.codec = codec_id::other_audio; break;
    }
    // AACPacketType 0 = AudioSpecificConfig.
    c.sequence_header = format == 10 && b.size() >= 2 && byte_at(b, 1) == 0;
    return c;
}

}  // namespace

frame_class classify(tag_type type, lal::byte_span body) noexcept {
    if (body.empty()) return {};
    if (type == tag_type::video) return classify_video(body);
    if (type == tag_type::audio) return classify_audio(body);
    return {};
}

std::optional<tag_type> tag_type_of_message(std::uint8_t message_type) noexcept {
    switch (message_type) {
        case 8: return tag_type::audio;
        case 9: return tag_type::video;
        case 18: return tag_type::script;
        default: return std::nullopt;
    }
}

std::optional<media::media_kind> media_kind_of(std::uint8_t message_type, bool is_metadata) noexcept {
    const auto t = tag_type_of_message(message_type);
    if (!t) return std::nullopt;
    switch (*t) {
        case tag_type::audio: return media::media_kind::audio;
        case tag_type::video: return media::media_kind::video;
        case tag_type::script: break;
    }
    return is_metadata ? media::media_kind::metadata : media::media_kind::data;
}

}  // namespace lal::flv
