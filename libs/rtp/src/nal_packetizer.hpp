// SPDX-License-Identifier: MIT
#pragma once

#include <lal/rtp/packetizer.hpp>

#include "nal_format.hpp"

namespace lal::rtp::detail {

/// Packets of an H.264 or H.265 frame (length-prefixed NAL units, 4-byte lengths).
lal::result<packetized_frame> packetize_nal(const nal_format& fmt, const media::media_frame& frame,
                                            std::uint32_t timestamp, const packetizer_options& options);

}  // namespace lal::rtp::detail
