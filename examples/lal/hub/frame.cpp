// SPDX-License-Identifier: MIT
#include "frame.hpp"

namespace lal::server {

body_class classify_body(media_kind kind, lal::byte_span body) noexcept {
    body_class c;
    if (body.empty()) return c;
    const auto b0 = std::to_integer<unsigned>(body[0]);
    if (kind == media_kind::video) {
        // FLV E.4.3.1: FrameType in the high nibble (1 = key frame).
        const unsigned frame_type = (b0 >> 4) & 0x7;
        if (b0 & 0x80) {
            // Enhanced RTMP: IsExHeader bit, PacketType in the low nibble
            // (0 = SequenceStart), FrameType in bits 4..6.
            c.sequence_header = (b0 & 0x0f) == 0;
            c.keyframe = frame_type == 1 && !c.sequence_header;
            return c;
        }
        const unsigned codec = b0 & 0x0f;
        // AVC (7) and the common HEVC id (12): AVCPacketType 0 = sequence header.
        const bool has_packet_type = codec == 7 || codec == 12 || codec == 13;
        c.sequence_header = has_packet_type && body.size() >= 2 && body[1] == std::byte{0};
        c.keyframe = frame_type == 1 && !c.sequence_header;
    } else if (kind == media_kind::audio) {
        // FLV E.4.2.1: SoundFormat 10 = AAC, AACPacketType 0 = sequence header.
        c.sequence_header = (b0 >> 4) == 10 && body.size() >= 2 && body[1] == std::byte{0};
    }
    return c;
}

frame::frame(media_kind kind, std::uint32_t timestamp, lal::payload body, const frame_encoder* encoder)
    : kind_(kind), timestamp_(timestamp), body_(std::move(body)), encoder_(encoder) {
    auto c = classify_body(kind_, body_.bytes());
    keyframe_ = c.keyframe;
    sequence_header_ = c.sequence_header;
}

const lal::payload& frame::encoded(output_form form) const {
    const auto i = static_cast<std::size_t>(form);
    std::call_once(once_[i], [&] { forms_[i] = encoder_->encode(*this, form); });
    return forms_[i];
}

}  // namespace lal::server
