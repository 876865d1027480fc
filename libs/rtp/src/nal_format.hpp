// SPDX-License-Identifier: MIT
// What H.264 (RFC 6184) and H.265 (RFC 7798) payload formats share: NAL
// units, an aggregation packet of 16-bit sizes, and fragmentation units;
// they differ in header sizes and type numbers.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lal/base/bytes.hpp>
#include <lal/media/codec.hpp>

namespace lal::rtp::detail {

struct nal_format {
    media::codec_id codec;
    std::size_t header_size;       ///< NAL unit header: 1 (H.264) or 2 (H.265)
    std::uint8_t aggregate_type;   ///< STAP-A 24 / AP 48
    std::uint8_t fragment_type;    ///< FU-A 28 / FU 49

    /// nal_unit_type from a NAL unit (or payload) header.
    std::uint8_t type_of(byte_span nal) const noexcept {
        if (nal.size() < header_size) return 0xff;
        const auto b0 = std::to_integer<std::uint8_t>(nal[0]);
        return header_size == 1 ? static_cast<std::uint8_t>(b0 & 0x1f) : static_cast<std::uint8_t>((b0 >> 1) & 0x3f);
    }
    /// Writes a payload header of `type` derived from NAL header `nal` at `out`.
    void payload_header(byte_span nal, std::uint8_t type, std::byte* out) const noexcept {
        const auto b0 = std::to_integer<std::uint8_t>(nal[0]);
        if (header_size == 1) {
            // RFC 6184 5.3: F and NRI of the unit, the packet's type.
            out[0] = static_cast<std::byte>((b0 & 0xe0) | type);
        } else {
            // RFC 7798 4.4.3: F and LayerId of the unit, type, TID of the unit.
            out[0] = static_cast<std::byte>((b0 & 0x81) | (type << 1));
            out[1] = nal[1];
        }
    }
    /// Rebuilds a NAL unit header from a fragment's payload header and type.
    void unit_header(byte_span payload, std::uint8_t type, std::byte* out) const noexcept {
        const auto b0 = std::to_integer<std::uint8_t>(payload[0]);
        if (header_size == 1) {
            out[0] = static_cast<std::byte>((b0 & 0xe0) | type);  // RFC 6184 5.8
        } else {
            out[0] = static_cast<std::byte>((b0 & 0x81) | (type << 1));  // RFC 7798 4.4.3
            out[1] = payload[1];
        }
    }
    /// True for a random access unit: H.264 IDR (5); H.265 IRAP 16..23.
    bool is_key(std::uint8_t type) const noexcept {
        return header_size == 1 ? type == 5 : (type >= 16 && type <= 23);
    }
    /// True for a closed-GOP key unit: H.264 IDR; H.265 BLA and IDR (16..20).
    bool is_closed_key(std::uint8_t type) const noexcept {
        return header_size == 1 ? type == 5 : (type >= 16 && type <= 20);
    }
    /// True for the types a payload format uses for its own packets (H.264
    /// 0 and 24..31, RFC 6184 5.2; H.265 48..63, RFC 7798 4.4): never a NAL unit of a frame.
    bool is_packet_type(std::uint8_t type) const noexcept {
        return header_size == 1 ? (type == 0 || type >= 24) : type >= 48;
    }
    /// True for parameter sets: H.264 SPS/PPS; H.265 VPS/SPS/PPS.
    bool is_parameter_set(std::uint8_t type) const noexcept {
        return header_size == 1 ? (type == 7 || type == 8) : (type >= 32 && type <= 34);
    }
};

inline constexpr nal_format h264_format{media::codec_id::h264, 1, 24, 28};
inline constexpr nal_format h265_format{media::codec_id::h265, 2, 48, 49};

}  // namespace lal::rtp::detail
