// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/flv/tag.hpp>

namespace flvfile2es {

/// A fatal problem with a one-line message; main prints it and exits non-zero.
struct tool_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Turns FLV tags into an H.264 Annex-B stream and an AAC ADTS stream, kept
/// in memory until the caller writes them out.
class es_splitter {
public:
    /// Which outputs to produce.
    es_splitter(bool want_video, bool want_audio) : want_video_(want_video), want_audio_(want_audio) {}

    /// Handles one tag; throws tool_error on data it cannot convert.
    void add(const lal::flv::tag& t);

    /// Annex-B H.264: SPS and PPS from the sequence header before every key frame.
    const std::vector<std::byte>& video() const noexcept { return video_; }
    /// ADTS AAC: one 7-byte header per raw frame, built from the AudioSpecificConfig.
    const std::vector<std::byte>& audio() const noexcept { return audio_; }
    std::size_t video_frames() const noexcept { return video_frames_; }
    std::size_t audio_frames() const noexcept { return audio_frames_; }

private:
    void add_video(const lal::flv::tag& t);
    void add_audio(const lal::flv::tag& t);

    bool want_video_;
    bool want_audio_;
    std::optional<lal::avc::decoder_configuration_record> avc_config_;
    std::optional<lal::aac::audio_specific_config> asc_;
    std::vector<std::byte> video_;
    std::vector<std::byte> audio_;
    std::size_t video_frames_ = 0;
    std::size_t audio_frames_ = 0;
};

}  // namespace flvfile2es
