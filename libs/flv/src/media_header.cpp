// SPDX-License-Identifier: MIT
#include <lal/flv/media_header.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/flv/frame_class.hpp>

namespace lal::flv {
namespace {

bool has_avc_layout(codec_id c) noexcept { return c == codec_id::avc || c == codec_id::hevc; }

}  // namespace

lal::result<audio_tag_header> parse_audio_tag_header(lal::byte_span data) {
    lal::byte_reader r(data);
    auto first = r.u8();
    if (!first) return errc::truncated;
    // E.4.2.1: SoundFormat(4) SoundRate(2) SoundSize(1) SoundType(1).
    audio_tag_header h;
    h.format = static_cast<sound_format>(*first >> 4);
    h.rate = static_cast<std::uint8_t>((*first >> 2) & 3);
    h.sample_16bit = (*first & 0x02) != 0;
    h.stereo = (*first & 0x01) != 0;
    if (h.format == sound_format::aac) {
        auto type = r.u8();
        if (!type) return errc::truncated;
        h.aac_type = static_cast<aac_packet_type>(*type);
    }
    return h;
}

void append_audio_tag_header(const audio_tag_header& h, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    w.u8(static_cast<std::uint8_t>((static_cast<unsigned>(h.format) & 0x0f) << 4 |
                                   (h.rate & 3u) << 2 | (h.sample_16bit ? 2u : 0u) |
                                   (h.stereo ? 1u : 0u)));
    if (h.aac_type) w.u8(static_cast<std::uint8_t>(*h.aac_type));
}

lal::result<video_tag_header> parse_video_tag_header(lal::byte_span data) {
    lal::byte_reader r(data);
    auto first = r.u8();
    if (!first) return errc::truncated;
    // E.4.3.1: FrameType(4) CodecID(4); AVC adds AVCPacketType UI8 and CompositionTime SI24.
    video_tag_header h;
    h.frame = static_cast<frame_type>(*first >> 4);
    h.codec = static_cast<codec_id>(*first & 0x0f);
    if (has_avc_layout(h.codec)) {
        auto type = r.u8();
        auto cts = r.u24();
        if (!type || !cts) return errc::truncated;
        h.packet_type = static_cast<avc_packet_type>(*type);
        // Sign-extend the 24-bit value.
        auto raw = static_cast<std::int32_t>(*cts);
        h.composition_time = (raw & 0x800000) ? raw - 0x1000000 : raw;
    }
    return h;
}

void append_video_tag_header(const video_tag_header& h, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    w.u8(static_cast<std::uint8_t>((static_cast<unsigned>(h.frame) & 0x0f) << 4 |
                                   (static_cast<unsigned>(h.codec) & 0x0f)));
    if (h.packet_type) {
        w.u8(static_cast<std::uint8_t>(*h.packet_type));
        w.u24(static_cast<std::uint32_t>(h.composition_time) & 0xffffff);
    }
}

bool is_avc(tag_type type, lal::byte_span data) noexcept {
    return type == tag_type::video && !data.empty() &&
           (std::to_integer<unsigned>(data[0]) & 0x0f) == static_cast<unsigned>(codec_id::avc);
}

bool is_aac(tag_type type, lal::byte_span data) noexcept {
    return type == tag_type::audio && !data.empty() &&
           (std::to_integer<unsigned>(data[0]) >> 4) == static_cast<unsigned>(sound_format::aac);
}

// One classifier for every question about a body (frame_class.cpp).
bool is_keyframe(tag_type type, lal::byte_span data) noexcept { return classify(type, data).keyframe; }

bool is_sequence_header(tag_type type, lal::byte_span data) noexcept {
    return classify(type, data).sequence_header;
}

bool is_end_of_sequence(tag_type type, lal::byte_span data) noexcept {
    return classify(type, data).end_of_sequence;
}

}  // namespace lal::flv
