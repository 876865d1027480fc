// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>

#include <lal/base/payload.hpp>
#include <lal/media/codec.hpp>
#include <lal/media/kind.hpp>

namespace lal::media {

/// Timestamps of the model are signed microseconds: exact for every input
/// timebase lal reads today (RTMP/FLV ms), fine enough for audio sample
/// clocks (a 48 kHz sample is 20.8 µs), and a 90 kHz clock converts with one
/// multiply and divide.
using micros = std::int64_t;

/// A track's codec configuration, shared by every frame that needs it (not a
/// frame of its own): avcC, hvcC, av1C, AudioSpecificConfig, OpusHead...
struct track_config {
    media_kind kind = media_kind::video;
    codec_id codec = codec_id::unknown;
    /// The configuration record, as the codec's ISO/IEC 14496-15 (avcC, hvcC),
    /// AV1-ISOBMFF (av1C), ISO/IEC 14496-3 1.6.2.1 (ASC) or RFC 7845 5.1
    /// (OpusHead) defines it.
    lal::payload record;
};

/// Configurations are shared and immutable.
using track_config_ptr = std::shared_ptr<const track_config>;

/// One coded frame: what every container needs to carry it.
struct media_frame {
    media_kind kind = media_kind::video;
    codec_id codec = codec_id::unknown;
    /// Decode and presentation time (pts - dts is the composition offset).
    micros dts = 0;
    micros pts = 0;
    /// A random access point: decoding can start here.
    bool keyframe = false;
    /// Length-prefixed NAL units (H.264/H.265, 4-byte lengths as avcC/hvcC
    /// say), AV1 OBUs, or one raw audio frame (AAC, Opus, G.711, MP3).
    lal::payload data;
    /// The configuration in effect for this frame (may be null for codecs
    /// without one, such as G.711 and MP3).
    track_config_ptr config;
};

/// Microseconds of `ms` milliseconds.
constexpr micros from_ms(std::int64_t ms) noexcept { return ms * 1000; }
/// Milliseconds of `us`, rounded toward negative infinity (exact for values made by from_ms).
constexpr std::int64_t to_ms(micros us) noexcept { return us >= 0 ? us / 1000 : -((-us + 999) / 1000); }

}  // namespace lal::media
