// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include <lal/rtp/depacketizer.hpp>

#include "nal_format.hpp"

namespace lal::rtp::detail {

/// H.264 (RFC 6184) or H.265 (RFC 7798) depacketizer.
std::unique_ptr<depacketizer> make_nal_depacketizer(const nal_format& fmt, std::uint32_t clock_rate,
                                                    media::track_config_ptr config, depacketizer_options options);

}  // namespace lal::rtp::detail
