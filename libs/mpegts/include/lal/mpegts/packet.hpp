// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

#include <lal/base/bytes.hpp>
#include <lal/media/frame.hpp>

namespace lal::mpegts {

/// A transport stream packet (ISO/IEC 13818-1 2.4.3.2).
inline constexpr std::size_t packet_size = 188;
/// sync_byte of every packet.
inline constexpr std::byte sync_byte{0x47};
/// Payload bytes of a packet without adaptation field.
inline constexpr std::size_t max_payload = packet_size - 4;

/// PIDs with a fixed meaning (2.4.3.3, Table 2-3).
inline constexpr std::uint16_t pat_pid = 0x0000;
inline constexpr std::uint16_t null_pid = 0x1fff;

/// stream_type values this library writes and reads (Table 2-34).
namespace stream_types {
inline constexpr std::uint8_t mpeg1_audio = 0x03;  ///< MP3 at 32..48 kHz
inline constexpr std::uint8_t mpeg2_audio = 0x04;  ///< MP3 at 16..24 kHz (and MPEG-2.5)
inline constexpr std::uint8_t private_pes = 0x06;  ///< Opus, with its registration descriptor
inline constexpr std::uint8_t adts_aac = 0x0f;     ///< AAC in ADTS (ISO/IEC 13818-7)
inline constexpr std::uint8_t h264 = 0x1b;
inline constexpr std::uint8_t h265 = 0x24;
}  // namespace stream_types

/// CRC_32 of PSI sections (Annex A): polynomial 0x04C11DB7, initial value
/// all ones, no reflection, no final XOR. A whole section including its CRC
/// gives 0.
std::uint32_t crc32(byte_span in) noexcept;

/// The 33-bit 90 kHz clock of PTS/DTS (2.4.3.7) for `us` microseconds,
/// rounded toward negative infinity and taken modulo 2^33.
constexpr std::uint64_t to_90khz(media::micros us) noexcept {
    const std::int64_t ticks = us >= 0 ? us * 9 / 100 : -((-us * 9 + 99) / 100);
    return static_cast<std::uint64_t>(ticks) & ((std::uint64_t{1} << 33) - 1);
}

/// Microseconds of `ticks` of the 90 kHz clock (exact for values made by to_90khz of whole 1/90 ms).
constexpr media::micros from_90khz(std::int64_t ticks) noexcept {
    return ticks >= 0 ? ticks * 100 / 9 : -((-ticks * 100 + 8) / 9);
}

}  // namespace lal::mpegts
