// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/flv/codec_info.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/flv/tag.hpp>

namespace modflvfile {

/// Timing and size of one track (audio or video tags, sequence headers excluded).
struct track_stats {
    std::size_t frames = 0;
    std::uint64_t bytes = 0;
    std::uint32_t first_dts = 0;
    std::uint32_t last_dts = 0;
    /// Latest presentation time (dts + composition time), ms.
    std::int64_t last_pts = 0;
    /// Typical distance between frames, ms (median of the dts steps), 0 if unknown.
    double frame_duration_ms = 0;
};

/// Everything onMetaData is rebuilt from.
struct stream_analysis {
    /// onMetaData videocodecid / audiocodecid: the legacy CodecID / SoundFormat,
    /// or for Enhanced RTMP the FourCC as a number ("Enhancing onMetaData").
    std::optional<double> video_codec;
    std::optional<double> audio_codec;
    /// From the first video sequence header, when the codec has one (AVC,
    /// HEVC, AV1; legacy or Enhanced RTMP).
    std::optional<lal::flv::video_info> video;
    /// From the first audio tag (the sequence header for AAC).
    std::optional<lal::flv::audio_info> audio;
    track_stats video_track;
    track_stats audio_track;
    /// Indexes (into the analysed tags) of the video key frames...
    std::vector<std::size_t> keyframe_tags;
    /// ...and their timestamps, ms.
    std::vector<std::uint32_t> keyframe_times_ms;
    /// Media duration in seconds: last presentation end minus first timestamp.
    double duration_s = 0;
    /// Timestamp of the last tag, seconds.
    double last_timestamp_s = 0;
    /// Frames per second: from the SPS when it says, else from the timestamps.
    double frame_rate = 0;
};

/// Analyses the tags of one file (onMetaData already removed).
stream_analysis analyse(const std::vector<lal::flv::tag>& tags);

}  // namespace modflvfile
