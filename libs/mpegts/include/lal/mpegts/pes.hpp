// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/mpegts/error.hpp>

namespace lal::mpegts {

/// stream_id values this library writes (2.4.3.7, Table 2-22).
namespace stream_ids {
inline constexpr std::uint8_t private_stream_1 = 0xbd;  ///< Opus, as ffmpeg writes it
inline constexpr std::uint8_t audio = 0xc0;             ///< first MPEG audio stream
inline constexpr std::uint8_t video = 0xe0;             ///< first video stream
}  // namespace stream_ids

/// The fields of a PES header this library uses (2.4.3.6).
struct pes_header {
    std::uint8_t stream_id = stream_ids::video;
    /// PES_packet_length: bytes after this field, 0 for an unbounded video PES.
    std::uint16_t packet_length = 0;
    bool data_alignment = true;
    std::optional<std::uint64_t> pts;  ///< 33 bits, 90 kHz
    std::optional<std::uint64_t> dts;  ///< 33 bits; only written with a PTS
    /// Bytes of the whole header (9 + PES_header_data_length); set by the parser.
    std::size_t header_size = 0;
    bool operator==(const pes_header&) const = default;
};

/// Largest header append_pes_header writes: 9 bytes and PTS + DTS.
inline constexpr std::size_t max_pes_header_size = 19;

/// Writes the header for `h` at `out` (room for max_pes_header_size) and
/// returns its size: the fixed 9 bytes, PTS, and DTS when it is set and
/// differs from the PTS (2.4.3.7: PTS_DTS_flags '10' or '11').
std::size_t write_pes_header(const pes_header& h, std::byte* out) noexcept;

/// Parses the header at the start of a PES packet: bad_pes_header if the
/// start code prefix is not 00 00 01, the stream has no optional header
/// fields here (2.4.3.7: only program_stream_map, padding, private_stream_2,
/// ECM, EMM, directory, DSMCC and H.222.1 type E lack them), the
/// PES_header_data_length runs past `in` or the PTS/DTS marker bits are wrong.
lal::result<pes_header> parse_pes_header(byte_span in);

}  // namespace lal::mpegts
