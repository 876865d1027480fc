// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include <lal/rtp/depacketizer.hpp>

namespace lal::rtp::detail {

/// AAC in RFC 3640 (mode AAC-hbr and the like: AU headers of sizeLength/indexLength bits).
std::unique_ptr<depacketizer> make_aac_depacketizer(std::uint32_t clock_rate, media::track_config_ptr config,
                                                    depacketizer_options options);
/// Codecs whose RTP payload is one whole frame: Opus (RFC 7587), G.711 (RFC 3551).
std::unique_ptr<depacketizer> make_frame_depacketizer(media::codec_id codec, std::uint32_t clock_rate,
                                                      media::track_config_ptr config, depacketizer_options options);

}  // namespace lal::rtp::detail
