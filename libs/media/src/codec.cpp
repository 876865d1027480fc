// SPDX-License-Identifier: MIT
#include <lal/media/codec.hpp>

namespace lal::media {

std::string_view name(codec_id c) noexcept {
    switch (c) {
        case codec_id::unknown: return "unknown";
        case codec_id::h264: return "h264";
        case codec_id::h265: return "h265";
        case codec_id::av1: return "av1";
        case codec_id::vp9: return "vp9";
        case codec_id::other_video: return "other-video";
        case codec_id::aac: return "aac";
        case codec_id::opus: return "opus";
        case codec_id::g711a: return "g711a";
        case codec_id::g711u: return "g711u";
        case codec_id::mp3: return "mp3";
        case codec_id::other_audio: return "other-audio";
    }
    return "unknown";
}

}  // namespace lal::media
