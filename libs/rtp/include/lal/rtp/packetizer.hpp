// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/media/frame.hpp>
#include <lal/rtp/error.hpp>

namespace lal::rtp {

/// One RTP packet of a frame without its 12-byte header: the payload as
/// pieces (slices of the frame's data and small payload-format headers),
/// shared by every session that sends the frame.
struct packet_plan {
    std::uint32_t timestamp = 0;  ///< the media clock, before a session's offset
    bool marker = false;
    std::vector<lal::payload> pieces;
    /// Payload bytes of all pieces.
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (const auto& p : pieces) n += p.size();
        return n;
    }
};

/// A frame cut into packets once, for all sessions.
struct packetized_frame {
    std::vector<packet_plan> packets;
};

/// How frames are cut.
struct packetizer_options {
    /// Largest RTP payload (MTU 1500 - IP 20/40 - UDP 8 - RTP 12, with room).
    std::size_t max_payload = 1400;
    /// H.264 STAP-A / H.265 AP for runs of small NAL units (SPS, PPS, SEI).
    bool aggregate = true;
    /// Sends the configuration's parameter sets (AV1: the av1C's sequence
    /// header) before key frames that lack them, so a player can join at any key frame.
    bool parameter_sets_at_keyframes = true;
};

/// Cuts a frame of the model into packets: H.264 (RFC 6184: single NAL unit,
/// STAP-A, FU-A), H.265 (RFC 7798: single, AP, FU), AV1 (AOM AV1 RTP v1.0.0:
/// OBU elements without obu_size, fragments, N on key frames), AAC (RFC 3640 AAC-hbr,
/// one AU per packet, fragmented above max_payload), Opus (RFC 7587), G.711
/// (RFC 3551 4.5.14, split at max_payload). `clock_rate` converts the frame's
/// pts. Errors: unsupported_codec, bad_frame, payload_too_small.
lal::result<packetized_frame> packetize(const media::media_frame& frame, std::uint32_t clock_rate,
                                        const packetizer_options& options = {});

/// The RTP clock rate a codec uses (90000 for video, 8000 for G.711, 48000
/// for Opus, the AAC sample rate from its config); 0 when unknown.
std::uint32_t default_clock_rate(const media::media_frame& frame);

}  // namespace lal::rtp
