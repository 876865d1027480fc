// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <system_error>
#include <vector>

#include <lal/media/frame.hpp>
#include <lal/transcode/error.hpp>

namespace lal::transcode {

/// Settings of an aac_to_opus.
struct aac_to_opus_options {
    /// Opus bitrate in bits per second (RFC 7587 7.1 suggests 64 kb/s for stereo music).
    std::int32_t bitrate = 64000;
    /// libopus complexity, 0 (fastest) to 10 (best, libopus's default).
    int complexity = 10;
};

/// Transcodes one AAC track (AAC-LC, HE-AAC v1/v2; raw frames with the ASC as
/// their config) into Opus for WebRTC players: 48 kHz stereo, 20 ms packets.
/// Output timestamps count samples from the first input frame, so they stay
/// on the input's timeline (A/V sync holds); a jump of more than 200 ms
/// re-anchors, a smaller gap is filled with silence. Sans-IO and not
/// thread-safe: one per stream, on one strand.
class aac_to_opus {
public:
    /// Frame duration of the output, microseconds (20 ms, RFC 7587 4.2).
    static constexpr std::int64_t frame_duration_us = 20000;

    explicit aac_to_opus(aac_to_opus_options options = {});
    ~aac_to_opus();
    aac_to_opus(aac_to_opus&&) noexcept;
    aac_to_opus& operator=(aac_to_opus&&) noexcept;

    /// Decodes one AAC frame and appends the Opus frames it completes to `out`
    /// (zero, one or a few). A new ASC in `in.config` re-opens the decoder.
    /// An error concerns this frame only; nothing was appended for it.
    std::error_code transcode(const media::media_frame& in, std::vector<media::media_frame>& out);
    /// End of the stream: appends the frames still held, the last padded with
    /// silence. The next input starts a new timeline.
    void flush(std::vector<media::media_frame>& out);
    /// The output's configuration: an OpusHead (RFC 7845 5.1), stereo, no pre-skip.
    const media::track_config_ptr& config() const noexcept;
    /// Opus encoder look-ahead in 48 kHz samples (312 for libopus 1.3), already
    /// taken out of the timestamps.
    int lookahead() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace lal::transcode
