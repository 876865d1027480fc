// SPDX-License-Identifier: MIT
#include "fmp4_reader.hpp"

#include <algorithm>

#include <lal/fmp4/reader.hpp>

#include "video_prefix.hpp"

namespace lalbench {

std::string fmp4_reader::init(lal::byte_span segment) {
    auto info = lal::fmp4::read_init_segment(segment);
    if (!info) return "init segment: " + info.error().message();
    video_track_ = 0;
    audio_tracks_.clear();
    for (const auto& t : info->tracks) {
        if (t.kind == lal::media::media_kind::audio) audio_tracks_.push_back(t.id);
        // avcC lengthSizeMinusOne (ISO/IEC 14496-15 5.3.3.1) in the low bits of its fifth byte.
        if (t.codec == lal::media::codec_id::h264 && t.config.size() > 4 &&
            (std::to_integer<unsigned>(t.config[4]) & 3) == 3) {
            video_track_ = t.id;
        }
    }
    ready_ = true;
    return {};
}

std::string fmp4_reader::fragments(lal::byte_span media) {
    if (!ready_) return "media before the init segment";
    while (!media.empty()) {
        auto f = lal::fmp4::read_fragment(media);
        if (!f) return "fragment: " + f.error().message();
        for (const auto& run : f->runs) {
            const bool audio = std::find(audio_tracks_.begin(), audio_tracks_.end(), run.track_id) != audio_tracks_.end();
            for (std::size_t i = 0; i < run.samples.size(); ++i) {
                if (audio) {
                    if (handlers_.audio) handlers_.audio();
                } else if (run.track_id == video_track_ && handlers_.video) {
                    flv_video_prefix(run.data[i], run.samples[i].sync, prefix_);
                    handlers_.video(lal::byte_span(prefix_.data(), prefix_.size()));
                }
            }
        }
        media = media.subspan(f->size);
    }
    return {};
}

}  // namespace lalbench
