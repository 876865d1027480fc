// SPDX-License-Identifier: MIT
#include "media_summary.hpp"

#include <lal/flv/codec_info.hpp>

namespace lal::server {

namespace {
std::string codec_name(media::codec_id c) {
    using media::codec_id;
    switch (c) {
        case codec_id::aac: return "AAC";
        case codec_id::h264: return "H264";
        case codec_id::h265: return "H265";
        case codec_id::av1: return "AV1";
        case codec_id::vp9: return "VP9";
        case codec_id::opus: return "OPUS";
        case codec_id::g711a: return "PCMA";
        case codec_id::g711u: return "PCMU";
        case codec_id::mp3: return "MP3";
        default: return "UNKNOWN";
    }
}
}  // namespace

void media_summary::note(const media::media_item& item) {
    using type = media::media_item::type;
    const auto& f = item.frame;
    if (f.kind == media::media_kind::audio) {
        if (audio_codec.empty() && f.codec != media::codec_id::unknown) audio_codec = codec_name(f.codec);
        return;
    }
    if (f.kind != media::media_kind::video) return;
    if (video_codec.empty() && f.codec != media::codec_id::unknown) video_codec = codec_name(f.codec);
    if (item.what != type::config) {
        ++video_frames;
        return;
    }
    // The picture size is in the record's SPS (H.264, H.265) or sequence header (AV1).
    if (!item.config) return;
    if (auto info = flv::describe_video_config(f.codec, item.config->record.bytes())) {
        width = info->width;
        height = info->height;
    }
}

void media_summary::describe_into(lal::hub::session_info& info) const {
    info.audio_codec = audio_codec;
    info.video_codec = video_codec;
    info.video_width = width;
    info.video_height = height;
    info.video_frames = video_frames;
}

}  // namespace lal::server
