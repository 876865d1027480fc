// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/opus/error.hpp>

namespace lal::opus {

/// The identification header "OpusHead" (RFC 7845 5.1): the configuration
/// record Enhanced RTMP's Opus SequenceStart, MPEG-TS and Ogg carry.
struct opus_head {
    std::uint8_t version = 1;              ///< minor versions (0..15) are compatible
    std::uint8_t channels = 2;             ///< output channel count, 1..255
    std::uint16_t pre_skip = 0;            ///< samples at 48 kHz to drop at the start
    std::uint32_t input_sample_rate = 0;   ///< of the original input, Hz (informational; 0 unknown)
    std::int16_t output_gain = 0;          ///< Q7.8 dB
    std::uint8_t mapping_family = 0;       ///< 0 mono/stereo, 1 Vorbis order, 255 undefined
    /// For mapping family != 0 (5.1.1): streams, coupled streams and one entry per channel.
    std::uint8_t stream_count = 1;
    std::uint8_t coupled_count = 1;
    std::vector<std::uint8_t> mapping;
    friend bool operator==(const opus_head&, const opus_head&) = default;
};

/// Parses an OpusHead; trailing bytes are allowed (5.1: later minor versions
/// may add fields). For family 0, stream and coupled counts are derived.
/// Errors: truncated, bad_magic, unsupported_version, bad_channel_count,
/// bad_stream_counts, bad_channel_mapping.
lal::result<opus_head> parse_opus_head(byte_span in);

/// Appends the header (19 bytes, plus the mapping table for families other
/// than 0). Errors, nothing appended: bad_channel_count, bad_stream_counts,
/// bad_channel_mapping (the same checks the parser makes).
std::error_code append_opus_head(const opus_head& head, std::vector<std::byte>& out);

/// The header a mono or stereo stream without other information gets:
/// version 1, family 0, 48 kHz input, no pre-skip.
opus_head default_opus_head(std::uint8_t channels);

}  // namespace lal::opus
