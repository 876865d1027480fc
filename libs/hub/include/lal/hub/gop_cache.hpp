// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

#include <lal/hub/frame.hpp>

namespace lal::hub {

/// What a new subscriber is sent before live frames: the latest metadata and
/// sequence headers, then the last N complete-or-current GOPs (each starting at
/// a video key frame). Not thread-safe: the owning stream serialises access.
class gop_cache {
public:
    /// Keeps up to `gop_num` GOPs (0: only metadata and sequence headers); a GOP
    /// longer than `max_gop_frames` (0: no limit) stops being cached until the next key frame.
    explicit gop_cache(std::size_t gop_num, std::size_t max_gop_frames = 0);

    /// Records a frame of the live stream.
    void push(const frame_ptr& f);
    /// Forgets everything (a new publisher starts a new stream).
    void clear();

    /// What a subscriber that wants the last `gop_num` (<= the cache's) GOPs
    /// gets first: metadata, video and audio sequence headers, then GOP frames.
    std::vector<frame_ptr> snapshot(std::size_t gop_num) const;

    /// Latest metadata, or null.
    const frame_ptr& metadata() const noexcept { return metadata_; }
    const frame_ptr& video_sequence_header() const noexcept { return video_header_; }
    const frame_ptr& audio_sequence_header() const noexcept { return audio_header_; }
    /// Number of GOPs held (the last one may still be growing).
    std::size_t gop_count() const noexcept { return gops_.size(); }
    /// Payload bytes held by cached GOP frames (metadata and headers excluded).
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
    frame_ptr video_header_;
    frame_ptr audio_header_;
    std::deque<gop> gops_;
    std::size_t bytes_ = 0;
};

}  // namespace lal::hub
