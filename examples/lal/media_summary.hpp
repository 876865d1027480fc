// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include <lal/base/bytes.hpp>
#include <lal/hub/session_directory.hpp>
#include <lal/media/kind.hpp>

namespace lal::server {

/// What a publisher sends, learnt from the FLV bodies it pushes: codec names
/// as lal-Go's API spells them, the picture size from an H.264 sequence
/// header, and a count of video frames. Lives on the publisher's worker.
class media_summary {
public:
    /// Looks at one audio or video body (an RTMP message body = FLV tag data).
    void note(media::media_kind kind, lal::byte_span body);
    /// Copies what it learnt into the session's description.
    void describe_into(lal::hub::session_info& info) const;

    std::string audio_codec;     ///< "AAC", "OPUS", "PCMA", "PCMU", "MP3", ... empty before audio
    std::string video_codec;     ///< "H264", "H265", "AV1", ... empty before video
    std::uint32_t width = 0;     ///< from the H.264 SPS; 0 while unknown
    std::uint32_t height = 0;
    std::uint64_t video_frames = 0;  ///< video bodies other than sequence headers
};

}  // namespace lal::server
