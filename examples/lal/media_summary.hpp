// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include <lal/hub/session_directory.hpp>
#include <lal/media/item.hpp>

namespace lal::server {

/// What a publisher sends, learnt from the media items its input converted
/// (no second look at the FLV bodies): codec names
/// as lal-Go's API spells them, the picture size from an H.264 sequence
/// header, and a count of video frames. Lives on the publisher's worker.
class media_summary {
public:
    /// Looks at one item as it enters the hub (metadata and data are ignored).
    void note(const media::media_item& item);
    /// Copies what it learnt into the session's description.
    void describe_into(lal::hub::session_info& info) const;

    std::string audio_codec;     ///< "AAC", "OPUS", "PCMA", "PCMU", "MP3", ... empty before audio
    std::string video_codec;     ///< "H264", "H265", "AV1", ... empty before video
    std::uint32_t width = 0;     ///< from the H.264 SPS; 0 while unknown
    std::uint32_t height = 0;
    std::uint64_t video_frames = 0;  ///< video items other than configurations
};

}  // namespace lal::server
