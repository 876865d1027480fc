// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <system_error>
#include <vector>

#include <lal/media/frame.hpp>
#include <lal/transcode/error.hpp>

namespace lal::transcode {

/// Settings of an opus_to_aac.
struct opus_to_aac_options {
    /// Output sampling rate: 48000 or 44100 Hz (others throw std::invalid_argument).
    std::uint32_t sample_rate = 48000;
    /// AAC bitrate in bits per second.
    std::int64_t bitrate = 128000;
};

/// Transcodes one Opus track (RTP payloads of a WebRTC publisher, RFC 7587;
/// mono or stereo) into AAC-LC raw frames of 1024 samples, stereo, with an
/// AudioSpecificConfig as their config, for RTMP, HTTP-FLV and HLS players.
/// Output timestamps count samples from the first input frame; a jump of more
/// than 200 ms re-anchors, a smaller gap (lost packets) is concealed by the
/// Opus decoder. Sans-IO and not thread-safe: one per stream.
class opus_to_aac {
public:
    explicit opus_to_aac(opus_to_aac_options options = {});
    ~opus_to_aac();
    opus_to_aac(opus_to_aac&&) noexcept;
    opus_to_aac& operator=(opus_to_aac&&) noexcept;

    /// Decodes one Opus packet and appends the AAC frames it completes to `out`.
    /// `in.config`, when set, is an OpusHead (RFC 7845 5.1). An error concerns
    /// this frame only; nothing was appended for it.
    std::error_code transcode(const media::media_frame& in, std::vector<media::media_frame>& out);
    /// End of the stream: appends the frames still held (the encoder drained,
    /// the last frame padded with silence). The next input starts a new timeline.
    void flush(std::vector<media::media_frame>& out);
    /// The output's AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1): AAC-LC, stereo.
    const media::track_config_ptr& config() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace lal::transcode
