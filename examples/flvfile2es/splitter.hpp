// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/flv/tag.hpp>
#include <lal/media/codec.hpp>

namespace flvfile2es {

/// A fatal problem with a one-line message; main prints it and exits non-zero.
struct tool_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Turns FLV tags into an H.264 or H.265 Annex-B stream and an AAC ADTS
/// stream, kept in memory until the caller writes them out. Legacy headers
/// (AVC, HEVC as codec id 12, AAC) and Enhanced RTMP (avc1, hvc1, mp4a) alike.
class es_splitter {
public:
    /// Which outputs to produce.
    es_splitter(bool want_video, bool want_audio) : want_video_(want_video), want_audio_(want_audio) {}

    /// Handles one tag; throws tool_error on data it cannot convert.
    void add(const lal::flv::tag& t);

    /// Annex B: the parameter sets of the sequence header (H.264 SPS/PPS, H.265
    /// VPS/SPS/PPS) before every key frame.
    const std::vector<std::byte>& video() const noexcept { return video_; }
    /// ADTS AAC: one 7-byte header per raw frame, built from the AudioSpecificConfig.
    const std::vector<std::byte>& audio() const noexcept { return audio_; }
    std::size_t video_frames() const noexcept { return video_frames_; }
    std::size_t audio_frames() const noexcept { return audio_frames_; }
    /// The video codec seen (unknown before the first video tag).
    lal::media::codec_id video_codec() const noexcept { return video_codec_; }

private:
    void add_video(const lal::flv::tag& t);
    void add_audio(const lal::flv::tag& t);

    bool want_video_;
    bool want_audio_;
    lal::media::codec_id video_codec_ = lal::media::codec_id::unknown;
    std::optional<std::vector<std::vector<std::byte>>> parameter_sets_;  // from the sequence header
    std::size_t length_size_ = 4;
    std::optional<lal::aac::audio_specific_config> asc_;
    std::vector<std::byte> video_;
    std::vector<std::byte> audio_;
    std::size_t video_frames_ = 0;
    std::size_t audio_frames_ = 0;
};

}  // namespace flvfile2es
