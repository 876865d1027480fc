// SPDX-License-Identifier: MIT
// The AV1 RTP payload format (AOM "RTP Payload Format For AV1", v1.0.0):
// shared by its packetizer and depacketizer.
#pragma once

#include <cstdint>
#include <memory>

#include <lal/rtp/depacketizer.hpp>
#include <lal/rtp/packetizer.hpp>

namespace lal::rtp::detail {

/// Aggregation header bits (AV1 RTP 4.4): Z, Y, W (2 bits), N.
inline constexpr std::uint8_t av1_z = 0x80;  ///< the first element continues the previous packet's OBU
inline constexpr std::uint8_t av1_y = 0x40;  ///< the last element continues in the next packet
inline constexpr unsigned av1_w_shift = 4;   ///< W: element count (1..3), 0 when every element has a length
inline constexpr std::uint8_t av1_n = 0x08;  ///< first packet of a coded video sequence

/// Packets of an AV1 temporal unit (low-overhead OBUs, AV1 spec 5.2).
lal::result<packetized_frame> packetize_av1(const media::media_frame& frame, std::uint32_t timestamp,
                                            const packetizer_options& options);

/// An AV1 depacketizer: temporal units out as OBUs with size fields.
std::unique_ptr<depacketizer> make_av1_depacketizer(std::uint32_t clock_rate, media::track_config_ptr config,
                                                    depacketizer_options options);

}  // namespace lal::rtp::detail
