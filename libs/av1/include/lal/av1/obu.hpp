// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/av1/error.hpp>

namespace lal::av1 {

/// obu_type values (AV1 spec 6.2.2, Table in 6.2.2).
namespace obu_type {
inline constexpr std::uint8_t sequence_header = 1;
inline constexpr std::uint8_t temporal_delimiter = 2;
inline constexpr std::uint8_t frame_header = 3;
inline constexpr std::uint8_t tile_group = 4;
inline constexpr std::uint8_t metadata = 5;
inline constexpr std::uint8_t frame = 6;
inline constexpr std::uint8_t redundant_frame_header = 7;
inline constexpr std::uint8_t tile_list = 8;
inline constexpr std::uint8_t padding = 15;
}  // namespace obu_type

/// One OBU of a low-overhead bitstream (AV1 spec 5.3.1, 5.3.2).
struct obu {
    std::uint8_t type = 0;
    bool has_extension = false;
    std::uint8_t temporal_id = 0;  ///< from the extension header
    std::uint8_t spatial_id = 0;
    byte_span payload;             ///< view into the input
    byte_span whole;               ///< header and payload, view into the input
};

/// Reads a leb128 (AV1 spec 4.10.5) at the start of `in`: value and bytes
/// used. Errors: truncated, bad_leb128 (over 8 bytes or above 2^32 - 1).
lal::result<std::pair<std::uint32_t, std::size_t>> read_leb128(byte_span in);
/// Appends `v` as a leb128 of the fewest bytes.
void append_leb128(std::uint32_t v, std::vector<std::byte>& out);

/// Splits a sequence of OBUs, each with obu_has_size_field set except
/// possibly the last, which then runs to the end (the low-overhead format
/// of AV1 spec 5.2 and AV1-ISOBMFF 2.4). Errors: truncated, forbidden_bit_set, bad_leb128.
lal::result<std::vector<obu>> split_obus(byte_span in);

}  // namespace lal::av1
