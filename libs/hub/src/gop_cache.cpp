// SPDX-License-Identifier: MIT
#include <lal/hub/gop_cache.hpp>

namespace lal::hub {

gop_cache::gop_cache(std::size_t gop_num, std::size_t max_gop_frames)
    : gop_num_(gop_num), max_gop_frames_(max_gop_frames) {}

void gop_cache::push(const frame_ptr& f) {
    if (f->kind() == media_kind::metadata) {
        metadata_ = f;
        return;
    }
    if (f->kind() == media_kind::data) return;  // timed data is not replayed
    if (f->is_config()) {
        (f->kind() == media_kind::video ? video_config_ : audio_config_) = f;
        return;
    }
    if (gop_num_ == 0) return;
    if (f->is_keyframe()) {
        gops_.emplace_back();
        while (gops_.size() > gop_num_) {
            bytes_ -= gops_.front().bytes;
            gops_.pop_front();
        }
    }
    // Frames before the first key frame cannot start a picture: not cached.
    if (gops_.empty()) return;
    auto& g = gops_.back();
    if (g.overflowed) return;
    if (max_gop_frames_ != 0 && g.frames.size() >= max_gop_frames_) {
        // A GOP this long is not worth replaying whole; drop it rather than grow.
        g.overflowed = true;
        bytes_ -= g.bytes;
        g.frames.clear();
        g.frames.shrink_to_fit();
        g.bytes = 0;
        return;
    }
    g.frames.push_back(f);
    g.bytes += f->size();
    bytes_ += f->size();
}

void gop_cache::clear() {
    metadata_.reset();
    video_config_.reset();
    audio_config_.reset();
    gops_.clear();
    bytes_ = 0;
}

std::vector<frame_ptr> gop_cache::snapshot(std::size_t gop_num) const {
    std::vector<frame_ptr> out;
    if (metadata_) out.push_back(metadata_);
    if (video_config_) out.push_back(video_config_);
    if (audio_config_) out.push_back(audio_config_);
    const std::size_t n = std::min(gop_num, gops_.size());
    // Newest GOPs, oldest first; an overflowed GOP breaks the chain, so only
    // GOPs after the last overflowed one can be replayed.
    std::size_t first = gops_.size() - n;
    for (std::size_t i = first; i < gops_.size(); ++i) {
        if (gops_[i].overflowed) first = i + 1;
    }
    for (std::size_t i = first; i < gops_.size(); ++i) {
        out.insert(out.end(), gops_[i].frames.begin(), gops_[i].frames.end());
    }
    return out;
}

}  // namespace lal::hub
