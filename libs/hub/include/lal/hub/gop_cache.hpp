// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

#include <lal/hub/frame.hpp>

namespace lal::hub {

/// What a new subscriber is sent before live frames: the latest metadata, the
/// current configuration of each track (video, then audio), then the last N
/// complete-or-current GOPs (each starting at a video key frame). Not
/// thread-safe: the owning stream serialises access.
class gop_cache {
public:
    /// Keeps up to `gop_num` GOPs (0: only metadata and configurations); a GOP
    /// longer than `max_gop_frames` (0: no limit) stops being cached until the next key frame.
    explicit gop_cache(std::size_t gop_num, std::size_t max_gop_frames = 0);

    /// Records a frame of the live stream.
    void push(const frame_ptr& f);
    /// Forgets everything (a new publisher starts a new stream).
    void clear();

    /// What a subscriber that wants the last `gop_num` (<= the cache's) GOPs
    /// gets first: metadata, video and audio configurations, then GOP frames.
    std::vector<frame_ptr> snapshot(std::size_t gop_num) const;

    /// Latest metadata, or null.
    const frame_ptr& metadata() const noexcept { return metadata_; }
    /// The current configuration of the audio or video track (null before one came).
    media::track_config_ptr config(media_kind track) const noexcept {
        const auto& f = config_frame(track);
        return f ? f->config() : nullptr;
    }
    /// The frame that announced the current configuration of `track`: what a
    /// joiner is sent, with the wire forms it was already encoded in.
    const frame_ptr& config_frame(media_kind track) const noexcept {
        return track == media_kind::video ? video_config_ : audio_config_;
    }
    /// Number of GOPs held (the last one may still be growing).
    std::size_t gop_count() const noexcept { return gops_.size(); }
    /// Payload bytes held by cached GOP frames (metadata and configurations excluded).
    std::size_t bytes() const noexcept { return bytes_; }

private:
    struct gop {
        std::vector<frame_ptr> frames;
        std::size_t bytes = 0;
        bool overflowed = false;
    };

    std::size_t gop_num_;
    std::size_t max_gop_frames_;
    frame_ptr metadata_;
    frame_ptr video_config_;
    frame_ptr audio_config_;
    std::deque<gop> gops_;
    std::size_t bytes_ = 0;
};

}  // namespace lal::hub
