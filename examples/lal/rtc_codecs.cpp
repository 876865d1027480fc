// SPDX-License-Identifier: MIT
#include "rtc_codecs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>

namespace lal::server {

bool whep_video(const media::track_config& config, webrtc::answer_options& o) {
    if (config.codec == media::codec_id::h264) {
        auto avcc = avc::parse_decoder_configuration_record(config.record.bytes());
        if (!avcc) return false;
        o.video = webrtc::video_source{media::codec_id::h264, avcc->profile_indication, avcc->profile_compatibility,
                                       avcc->level_indication};
        return true;
    }
    if (config.codec == media::codec_id::h265) {
        // RFC 7798 7.1: the answer's profile-id must be the source's; browsers that offer H.265 say Main (1).
        auto hvcc = hevc::parse_decoder_configuration_record(config.record.bytes());
        if (!hvcc) return false;
        o.video = webrtc::video_source{media::codec_id::h265, hvcc->ptl.profile_idc, 0, hvcc->ptl.level_idc};
        return true;
    }
    if (config.codec == media::codec_id::av1) {
        o.video = webrtc::video_source{media::codec_id::av1, 0, 0, 0};
        // AV1 RTP 7.2.1 fmtp from the av1C (AV1-ISOBMFF 2.3.3); without one any AV1 format will do.
        if (auto rec = av1::parse_codec_configuration_record(config.record.bytes())) {
            o.av1 = webrtc::av1_parameters{rec->profile, rec->level_idx, rec->tier};
        }
        return true;
    }
    return false;
}

std::string whep_video_name(const webrtc::answer_options& o) {
    if (!o.video) return "no video";
    if (o.video->codec == media::codec_id::h265) return fmt::format("H265/90000 (profile-id {})", o.video->profile_idc);
    if (o.video->codec == media::codec_id::av1) {
        return o.av1 ? fmt::format("AV1/90000 (profile {})", o.av1->profile) : std::string("AV1/90000");
    }
    return fmt::format("H264/90000 (profile-level-id {:02x}{:02x}{:02x}, packetization-mode=1)", o.video->profile_idc,
                       o.video->constraints, o.video->level_idc);
}

bool whep_video_refused(const webrtc::negotiation& n) {
    const auto video = [](const webrtc::negotiated_media& m) { return m.kind == media::media_kind::video; };
    const bool offered = std::any_of(n.media.begin(), n.media.end(), video);
    const bool accepted = std::any_of(n.media.begin(), n.media.end(),
                                      [&](const webrtc::negotiated_media& m) { return video(m) && m.accepted; });
    return offered && !accepted;
}

}  // namespace lal::server
