// SPDX-License-Identifier: MIT
// Which of a stream's video codecs a WHEP answer offers, and how a player
// whose offer lacks it is told.
#pragma once

#include <string>

#include <lal/media/frame.hpp>
#include <lal/webrtc/offer_answer.hpp>

namespace lal::server {

/// Fills `o.video` (and `o.av1`) for a stream whose video has `config`:
/// H.264 with its avcC's profile, H.265 with its hvcC's, AV1 with its av1C's profile, level and
/// tier. False when WebRTC cannot carry the codec (the answer then has no video).
bool whep_video(const media::track_config& config, webrtc::answer_options& o);

/// The stream's video as the offer would have to name it: "H264/90000
/// (profile-level-id 640028, packetization-mode=1)", "AV1/90000 (profile 0)".
std::string whep_video_name(const webrtc::answer_options& o);

/// True when the offer has a video section but none the stream's codec can
/// use (RFC 8829 5.3.1 lets it be rejected; a WHEP player would see no picture).
bool whep_video_refused(const webrtc::negotiation& n);

}  // namespace lal::server
