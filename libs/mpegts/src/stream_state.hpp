// SPDX-License-Identifier: MIT
// Per-PID state of the demuxer and the conversion of one PES payload of an
// elementary stream into lal::media frames.
#pragma once

#include <cstdint>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>
#include <lal/mpegts/demuxer.hpp>

namespace lal::mpegts {

struct demuxer::stream_state {
    std::uint16_t pid = 0;
    std::uint8_t stream_type = 0;
    media::codec_id codec = media::codec_id::unknown;
    media::media_kind kind = media::media_kind::video;
    int last_cc = -1;
    std::vector<std::byte> pes;  // the PES being reassembled
    bool open = false;           // a PES started and is being collected
    // 33-bit timestamps extended to 64 bits across wraps (2.4.3.7).
    bool have_time = false;
    std::int64_t last_dts = 0;
    media::track_config_ptr config;
    std::vector<std::byte> vps, sps, pps;  // parameter sets last seen in band
};

namespace detail {

/// Stream type and descriptors to codec; unknown for streams not carried.
media::codec_id codec_of(std::uint8_t stream_type, byte_span descriptors) noexcept;

/// The frames of one PES payload `es` with its times (µs), appended to `out`.
/// Returns the first problem met (no_parameter_sets, bad_elementary_stream);
/// frames before it are still appended.
std::error_code read_elementary_stream(demuxer::stream_state& s, const lal::payload& es, media::micros pts,
                                       media::micros dts, std::vector<media::media_frame>& out);

}  // namespace detail
}  // namespace lal::mpegts
