// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include <lal/media/frame.hpp>

namespace lal::transcode {
class aac_to_opus;
}

namespace lal::server {

/// The Opus track of a stream published with AAC, for its WHEP players: one
/// AAC->Opus transcoder per stream, shared by every WebRTC player of it (they
/// hold it; the last one to leave drops it, so an AAC stream nobody watches
/// over WebRTC costs nothing). Each player hands it every AAC frame it gets;
/// the first player to hand a frame transcodes it, the others get the same
/// Opus frames from a short history, so the stream is encoded once. Lives on
/// the WebRTC worker with the sessions; not thread-safe.
class rtc_opus_track {
public:
    rtc_opus_track();
    ~rtc_opus_track();
    rtc_opus_track(const rtc_opus_track&) = delete;
    rtc_opus_track& operator=(const rtc_opus_track&) = delete;

    /// The Opus frames of AAC frame `aac` (with its ASC as config): transcoded
    /// now if it is newer than every frame seen, from the history if another
    /// player handed it already, none if it is older than the history (a late
    /// joiner's cached GOP) or did not decode.
    std::span<const media::media_frame> opus_of(const media::media_frame& aac);
    /// AAC frames that did not transcode (corrupt, bad config).
    std::uint64_t failures() const noexcept { return failures_; }

private:
    struct done {
        media::micros dts = 0;
        std::vector<media::media_frame> opus;
    };
    std::unique_ptr<transcode::aac_to_opus> codec_;
    std::deque<done> history_;  // the last frames transcoded, oldest first
    std::uint64_t failures_ = 0;
};

}  // namespace lal::server
