// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/payload.hpp>

#include "hub_types.hpp"

namespace lal::server {

/// The output forms the server registers at start, and their indices.
struct server_forms {
    /// Registers RTMP chunks at `rtmp_chunk_size` on message stream 1 (what
    /// every player's createStream is answered with), FLV tags and RTP packets
    /// (rtp_form, encoded only for streams with RTSP players).
    explicit server_forms(std::uint32_t rtmp_chunk_size);
    /// Also registers MPEG-TS, an ordered form with one ts_encoder per stream
    /// (for HTTP-TS and HLS; streams are not muxed to TS when neither is on).
    server_forms(std::uint32_t rtmp_chunk_size, bool with_ts);
    /// Also registers fragmented MP4 when `with_fmp4`, an ordered form with one
    /// fmp4_encoder per stream (for HTTP-fMP4 and fMP4 HLS).
    server_forms(std::uint32_t rtmp_chunk_size, bool with_ts, bool with_fmp4);
    /// Also registers RTP for WebRTC players, payloads of at most
    /// `rtc_max_payload` bytes (rtc.mtu), when it is not 0.
    server_forms(std::uint32_t rtmp_chunk_size, bool with_ts, bool with_fmp4, std::size_t rtc_max_payload);

    lal::hub::output_forms forms;
    form_index rtmp_chunks = 0;
    form_index flv_tag = 0;
    /// RTP payloads cut once per frame for every RTSP player (rtp_form).
    form_index rtp = 0;
    /// RTP cut for WebRTC players (rtc.mtu); meaningful only when has_rtc_rtp.
    form_index rtc_rtp = 0;
    bool has_rtc_rtp = false;
    /// The MPEG-TS form; meaningful only when has_ts.
    form_index ts = 0;
    bool has_ts = false;
    /// The fMP4 form (init segment piece, then the frame's fragment); meaningful only when has_fmp4.
    form_index fmp4 = 0;
    bool has_fmp4 = false;
};

/// The 13 bytes an HTTP-FLV response starts with: the FLV header with both the
/// audio and the video flag (E.2) and PreviousTagSize0.
const lal::payload& flv_stream_header();

}  // namespace lal::server
