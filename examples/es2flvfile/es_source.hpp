// SPDX-License-Identifier: MIT
// Elementary streams read whole into samples: H.265 Annex B into access
// units, AV1 low-overhead OBUs into temporal units, AAC ADTS into raw frames.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <lal/base/bytes.hpp>

namespace es2flvfile {

/// A failure with a one-line message for the user.
struct tool_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One coded frame, in decode order.
struct sample {
    std::vector<std::byte> data;  ///< HEVC: 4-byte length-prefixed NAL units; AV1: OBUs; AAC: a raw frame
    bool keyframe = false;
};

/// A stream: its configuration record and its samples.
struct stream {
    std::vector<std::byte> config;  ///< hvcC, av1C or AudioSpecificConfig
    std::vector<sample> samples;
    std::uint32_t width = 0, height = 0;       ///< video
    std::uint32_t sample_rate = 0, channels = 0, samples_per_frame = 1024;  ///< audio
};

/// H.265 Annex B: access units (H.265 7.4.2.4.4), parameter sets taken into
/// an hvcC from the first VPS, SPS and PPS, AUDs dropped; IRAP units are key frames.
stream read_hevc(lal::byte_span annexb);

/// AV1 low-overhead OBUs (ffmpeg -f obu): temporal units without their
/// temporal delimiters (AV1-ISOBMFF 2.4), an av1C from the first sequence
/// header; a unit with a sequence header is a key frame.
stream read_av1(lal::byte_span obus);

/// AAC ADTS: raw frames and the AudioSpecificConfig of the first header.
stream read_adts(lal::byte_span adts);

}  // namespace es2flvfile
