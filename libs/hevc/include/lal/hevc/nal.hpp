// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/hevc/error.hpp>

namespace lal::hevc {

/// nal_unit_type values lal acts on (ITU-T H.265 Table 7-1); others keep their number.
namespace nal_type {
inline constexpr std::uint8_t trail_n = 0;
inline constexpr std::uint8_t trail_r = 1;
inline constexpr std::uint8_t bla_w_lp = 16;  ///< first IRAP type
inline constexpr std::uint8_t idr_w_radl = 19;
inline constexpr std::uint8_t idr_n_lp = 20;
inline constexpr std::uint8_t cra = 21;
inline constexpr std::uint8_t rsv_irap_23 = 23;  ///< last IRAP type
inline constexpr std::uint8_t vps = 32;
inline constexpr std::uint8_t sps = 33;
inline constexpr std::uint8_t pps = 34;
inline constexpr std::uint8_t aud = 35;
inline constexpr std::uint8_t eos = 36;
inline constexpr std::uint8_t eob = 37;
inline constexpr std::uint8_t fd = 38;
inline constexpr std::uint8_t prefix_sei = 39;
inline constexpr std::uint8_t suffix_sei = 40;
}  // namespace nal_type

/// The 2-byte NAL unit header (H.265 7.3.1.2).
struct nal_header {
    std::uint8_t type = 0;              ///< nal_unit_type, 6 bits
    std::uint8_t layer_id = 0;          ///< nuh_layer_id, 6 bits
    std::uint8_t temporal_id_plus1 = 1; ///< nuh_temporal_id_plus1, 3 bits, never 0
    friend bool operator==(const nal_header&, const nal_header&) = default;
};

/// Parses the header; errors: empty_nal_unit, forbidden_bit_set, bad_temporal_id.
lal::result<nal_header> parse_nal_header(byte_span nal);

/// The two header bytes of `h` (fields masked to their widths).
void append_nal_header(const nal_header& h, std::vector<std::byte>& out);

/// nal_unit_type from the first byte; 0xff when `nal` is empty.
constexpr std::uint8_t nal_type_of(byte_span nal) noexcept {
    return nal.empty() ? 0xff : static_cast<std::uint8_t>((std::to_integer<unsigned>(nal[0]) >> 1) & 0x3f);
}

/// Intra random access point pictures: types 16..23 (H.265 7.4.2.2).
constexpr bool is_irap(std::uint8_t type) noexcept { return type >= nal_type::bla_w_lp && type <= nal_type::rsv_irap_23; }
/// Video coding layer NAL units: types 0..31.
constexpr bool is_vcl(std::uint8_t type) noexcept { return type < 32; }
/// VPS, SPS or PPS.
constexpr bool is_parameter_set(std::uint8_t type) noexcept { return type >= nal_type::vps && type <= nal_type::pps; }

/// True when `nal` begins a new access unit in a byte stream (H.265
/// 7.4.2.4.4). Only a unit after a VCL NAL unit of the current access unit
/// (`after_vcl`) can: an AUD, VPS, SPS, PPS, prefix SEI, a type 41..44 or
/// 48..55 unit, or a VCL NAL unit with first_slice_segment_in_pic_flag 1.
/// (The first units of a stream start its first access unit.)
constexpr bool starts_access_unit(byte_span nal, bool after_vcl) noexcept {
    const auto t = nal_type_of(nal);
    if (t == 0xff || !after_vcl) return false;
    if (is_vcl(t)) return nal.size() > 2 && (std::to_integer<unsigned>(nal[2]) & 0x80) != 0;
    return (t >= nal_type::vps && t <= nal_type::aud) || t == nal_type::prefix_sei || (t >= 41 && t <= 44) ||
           (t >= 48 && t <= 55);
}

}  // namespace lal::hevc
