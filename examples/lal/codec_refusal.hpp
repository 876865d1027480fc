// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "hub_types.hpp"

namespace lal::server {

struct server_context;

/// Output forms whose container has a fixed list of codecs.
enum class fixed_form {
    mpegts,  ///< HTTP-TS, WS-TS, HLS with TS segments, SRT (ISO/IEC 13818-1 2.4.4.9 stream_type)
    rtsp,    ///< RTSP: the RTP payload formats lal packetizes (RFC 6184 H.264, RFC 7798 HEVC)
};

/// Why the live stream `key` cannot go out as `form` because of its video
/// codec, worded for the player: the codec and the forms that carry it.
/// Empty when it can, and when no publisher has told its codec yet (a player
/// waiting for the publisher is unaffected).
std::string codec_refusal(const server_context& ctx, const stream_key& key, fixed_form form);

}  // namespace lal::server
