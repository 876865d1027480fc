// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/media/frame.hpp>
#include <lal/sdp/session.hpp>

namespace lal::server {

/// One track an RTSP player is sent, in the order of the SDP's media sections.
struct rtsp_play_track {
    lal::media::media_kind kind = lal::media::media_kind::video;
    lal::media::codec_id codec = lal::media::codec_id::unknown;
    std::uint32_t clock_rate = 0;  ///< the rtpmap's clock, the one the RTP form's timestamps use
};

/// What a DESCRIBE answers for one hub stream.
struct rtsp_stream_description {
    lal::sdp::session_description sdp;
    std::vector<rtsp_play_track> tracks;
};

/// The session description (RFC 8866, RFC 2326 C.1) of a stream whose
/// current track configurations are `video` and `audio` (either may be
/// null): H.264 with sprop-parameter-sets (RFC 6184 8.1), H.265 with
/// sprop-vps/sps/pps (RFC 7798 7.1), AAC with config= (RFC 3640 4.1), Opus
/// (RFC 7587 7), PCMA/PCMU (RFC 3551 6); a=control:trackID=<n>. A track whose
/// codec RTP does not carry here, or whose record does not parse, is left
/// out; no track left is errc::no_media of lal::sdp.
lal::result<rtsp_stream_description> describe_stream(const lal::media::track_config_ptr& video,
                                                     const lal::media::track_config_ptr& audio,
                                                     std::string_view name);

/// The shared configuration that names a G.711 track (A-law or mu-law, no
/// record): G.711 has none in FLV or RTP, but with one the hub knows the audio
/// track's codec and a DESCRIBE can offer it (RFC 3551 PCMA/PCMU). Null for
/// other codecs. Outputs that need no config (FLV tags) leave the item out.
lal::media::track_config_ptr g711_config(lal::media::codec_id codec);

}  // namespace lal::server
