// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/rtmp/message.hpp>

namespace lalbench {

/// One audio, video or data message of the file, ready to publish.
struct media_frame {
    std::uint32_t offset_ms = 0;  ///< time from the start of a loop
    lal::rtmp::message msg;       ///< type and shared body; timestamp is set when sent
    bool stamped = false;         ///< an AVC coded frame, which carries a stamp
    bool keyframe = false;        ///< a video key frame (publishers resume there after dropping)
};

/// An FLV file read into memory once and shared by every publisher.
struct media_file {
    /// onMetaData (as "@setDataFrame") and the first sequence headers: sent once, first.
    std::vector<lal::rtmp::message> preamble;
    /// Everything else in file order; duplicate sequence headers, other script
    /// tags and end-of-sequence tags are left out.
    std::vector<media_frame> frames;
    /// Length of one loop: loop k is published with timestamps offset by k * loop_ms,
    /// so they stay continuous and increasing.
    std::uint32_t loop_ms = 0;
    /// NAL length size of the AVC stream (ISO/IEC 14496-15 5.3.3.1), 4 when unknown.
    std::size_t length_size = 4;
    std::uint64_t media_bytes = 0;   ///< message bytes of one loop's frames
    std::size_t video_frames = 0;    ///< video frames per loop
    std::size_t stamped_frames = 0;  ///< video frames per loop that get a stamp
    std::size_t stamp_size = 0;      ///< bytes a stamp adds to a frame (typical; escapes vary)

    /// Bitrate of the messages as published, stamps included, in bits per second.
    double bitrate_bps() const noexcept {
        if (!loop_ms) return 0;
        auto bytes = media_bytes + stamped_frames * stamp_size;
        return static_cast<double>(bytes) * 8000.0 / loop_ms;
    }
};

/// Reads `path` (an FLV file of at most 1 GiB). On failure `error` says why.
std::optional<media_file> load_media_file(const std::string& path, std::string& error);

}  // namespace lalbench
