// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/fmp4/error.hpp>
#include <lal/media/frame.hpp>

namespace lal::fmp4 {

/// One track of an fMP4 presentation: what its trak, sample entry and trex say.
struct track {
    /// track_ID (ISO/IEC 14496-12 8.3.2), 1 or more, unique in the file.
    std::uint32_t id = 1;
    lal::media::media_kind kind = lal::media::media_kind::video;
    /// H.264 (avc1), H.265 (hvc1), AV1 (av01), AAC (mp4a) or Opus (Opus).
    lal::media::codec_id codec = lal::media::codec_id::unknown;
    /// Units per second of the track's times (mdhd): 90000 for video, the sample rate for audio.
    std::uint32_t timescale = 90000;
    /// Video: the picture size the sample entry and tkhd give.
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    /// Audio: channel count and sample rate of the sample entry.
    std::uint16_t channels = 0;
    std::uint32_t sample_rate = 0;
    /// The configuration record: avcC, hvcC or av1C body, AudioSpecificConfig,
    /// or OpusHead (RFC 7845 5.1; written as dOps).
    std::vector<std::byte> config;
    friend bool operator==(const track&, const track&) = default;
};

/// A track for `config` (avcC, hvcC, av1C, ASC or OpusHead as lal::media
/// carries them) with track_ID `id`: size, channels and rates read from the
/// record. Errors: unsupported_codec, bad_config.
lal::result<track> make_track(const lal::media::track_config& config, std::uint32_t id);

/// Samples at 48 kHz in one Opus packet, from its TOC byte and frame count
/// (RFC 6716 3.1, 3.2.5); nullopt for an empty or malformed packet.
std::optional<std::uint32_t> opus_packet_samples(byte_span packet) noexcept;

}  // namespace lal::fmp4
