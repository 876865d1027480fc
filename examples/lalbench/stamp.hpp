// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>

// End-to-end stamps carried inside H.264 video frames, so that they survive any
// server that forwards audio and video (nginx-rtmp drops other data messages):
// an SEI NAL unit with one user_data_unregistered message (ITU-T H.264 7.3.2.3.1,
// D.1.6) is put in front of the frame's NAL units in the AVCC payload.
namespace lalbench {

/// The 16-byte uuid_iso_iec_11578 that marks a lalbench stamp (no 00 00 inside).
inline constexpr std::array<std::byte, 16> stamp_uuid = {
    std::byte{'l'}, std::byte{'a'}, std::byte{'l'}, std::byte{'b'}, std::byte{'e'}, std::byte{'n'},
    std::byte{'c'}, std::byte{'h'}, std::byte{0x5a}, std::byte{0x3c}, std::byte{0x96}, std::byte{0xe1},
    std::byte{0x27}, std::byte{0xb4}, std::byte{0x4d}, std::byte{0x8f}};

/// What a publisher writes into each video frame.
struct stamp {
    std::uint64_t sequence = 0;      ///< video frame number of this publisher, from 0, without gaps
    std::uint64_t send_time_us = 0;  ///< steady clock (CLOCK_MONOTONIC on Linux) when the frame was sent

    friend bool operator==(const stamp&, const stamp&) = default;
};

/// Leading bytes of a video message that always hold a whole stamp (FLV video
/// tag header, a 4-byte NAL length and the escaped SEI NAL unit).
inline constexpr std::size_t stamp_prefix_size = 72;

/// True for an AVC NALU video tag body (FLV spec E.4.3.1), the frames that get stamps.
bool is_avc_nalu(lal::byte_span body) noexcept;

/// A copy of the AVC NALU video tag body `body` (FLV spec E.4.3.1: 5-byte
/// header, then NAL units with `length_size`-byte lengths) with the stamp's SEI
/// NAL unit inserted before the first NAL unit. Empty for anything but an AVC
/// NALU body, and for a length size other than 1, 2 or 4.
lal::payload stamp_video_body(lal::byte_span body, std::size_t length_size, const stamp& s);

/// The stamp at the start of an AVC NALU video tag body, given its first bytes
/// (up to stamp_prefix_size are enough) and the stream's NAL length size.
/// nullopt when the first NAL unit is not a lalbench stamp.
std::optional<stamp> find_stamp(lal::byte_span prefix, std::size_t length_size) noexcept;

/// The NAL length size (1, 2 or 4) an AVC sequence header announces
/// (lengthSizeMinusOne, ISO/IEC 14496-15 5.3.3.1), given the first 10 bytes
/// of its video tag body. nullopt for anything else.
std::optional<std::size_t> sequence_header_length_size(lal::byte_span prefix) noexcept;

}  // namespace lalbench
