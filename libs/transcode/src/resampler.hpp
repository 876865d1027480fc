// SPDX-License-Identifier: MIT
// Any decoded PCM (rate, channel layout, sample format) to interleaved float
// stereo at one output rate, through libswresample. Its output is aligned
// with its input (the filter delay is held inside, not prepended), so sample
// counts map to time on both sides.
#pragma once

#include <cstdint>

#include "av_handles.hpp"
#include "pcm_fifo.hpp"

namespace lal::transcode::detail {

/// Output channels of both transcoders (RFC 7587 7.1: Opus in WebRTC is stereo).
inline constexpr int output_channels = 2;

/// Converts decoded audio for an encoder; reconfigures when the input format changes.
class resampler {
public:
    /// Converts to `out_rate` Hz, interleaved float stereo.
    explicit resampler(int out_rate) : out_rate_(out_rate) {}
    ~resampler();
    resampler(const resampler&) = delete;
    resampler& operator=(const resampler&) = delete;

    /// Converts `samples` samples of `data` (planes, or one interleaved plane)
    /// and appends the result to `out`. A format other than the last one's
    /// first drains what the old configuration holds. False if libswresample
    /// refuses the format.
    bool convert(const std::uint8_t* const* data, int samples, int rate, const AVChannelLayout& layout,
                 AVSampleFormat format, pcm_fifo& out);
    /// Feeds `samples` samples of silence at the current input rate (no-op before any input).
    void inject_silence(int samples);
    /// Appends what the filter still holds to `out` and forgets the configuration.
    void drain(pcm_fifo& out);
    /// Forgets the configuration and what the filter holds.
    void reset() noexcept;
    /// The input rate of the current configuration (0 before any input).
    int input_rate() const noexcept { return in_rate_; }

private:
    int out_rate_;
    swr_ptr swr_;
    int in_rate_ = 0;
    AVChannelLayout in_layout_{};
    AVSampleFormat in_format_ = AV_SAMPLE_FMT_NONE;
};

}  // namespace lal::transcode::detail
