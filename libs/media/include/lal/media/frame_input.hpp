// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include <lal/media/item.hpp>

namespace lal::media {

/// The converter of one source that delivers coded frames with their track
/// configuration attached (RTSP/RTP depacketizers, the MPEG-TS demuxer): each
/// frame becomes a frame item, preceded by a config item whenever its track's
/// configuration changes, so every output sees the same item sequence an RTMP
/// source gives. Not thread-safe: one per publishing connection.
class frame_input {
public:
    /// The items for `frame`: [config item,] frame item. A configuration equal in
    /// codec and record to the one in effect is not announced again.
    std::vector<media_item> convert(const media_frame& frame);
    /// The configuration in effect on the audio or video track (null before one came).
    const track_config_ptr& config(media_kind kind) const noexcept {
        return kind == media_kind::video ? video_ : audio_;
    }
    /// Forgets the configurations (the source starts over).
    void reset() noexcept;

private:
    track_config_ptr video_;
    track_config_ptr audio_;
};

}  // namespace lal::media
