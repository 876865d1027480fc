// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/media/codec.hpp>
#include <lal/media/kind.hpp>
#include <lal/webrtc/error.hpp>
#include <lal/webrtc/ice_lite.hpp>

namespace lal::webrtc {

/// Which way media flows for lal: WHEP plays (lal sends), WHIP publishes (lal receives).
enum class direction { send, receive };

/// AV1's SDP parameters (AV1 RTP 7.2.1), from the av1C.
struct av1_parameters {
    std::uint8_t profile = 0;          ///< seq_profile
    std::uint8_t level_idx = 5;        ///< seq_level_idx[0] (5: level 3.1)
    bool tier = false;                 ///< seq_tier[0]
};

/// The source's video when lal sends (WHEP): H.264 with the avcC's profile
/// bytes, H.265 with the hvcC's general profile (RFC 7798 7.1 profile-id),
/// or AV1 (answer_options::av1 has its parameters when known).
struct video_source {
    media::codec_id codec = media::codec_id::h264;
    std::uint8_t profile_idc = 0x42;   ///< avcC AVCProfileIndication; H.265: general_profile_idc
    std::uint8_t constraints = 0xe0;   ///< avcC profile_compatibility (H.264 only)
    std::uint8_t level_idc = 0x1f;     ///< avcC AVCLevelIndication; H.265: general_level_idc
};

/// The source's audio when lal sends (WHEP).
struct audio_source {
    media::codec_id codec = media::codec_id::opus;  ///< opus, g711a or g711u can be sent
};

/// A host candidate to announce (RFC 8839 5.1).
struct host_candidate {
    std::string address;  ///< IPv4 or IPv6 text
    std::uint16_t port = 0;
};

/// What the answer says about lal's side.
struct answer_options {
    direction dir = direction::send;
    ice_credentials ice;                   ///< lal's ufrag and pwd
    std::string fingerprint;               ///< sha-256 of lal's DTLS certificate, "AB:CD:..."
    std::vector<host_candidate> candidates;
    std::optional<video_source> video;     ///< send: what the stream has (nullopt: no video)
    std::optional<audio_source> audio;     ///< send: what the stream has (nullopt or AAC: no audio)
    std::optional<av1_parameters> av1;     ///< send, AV1 video: the source's profile, level-idx, tier
    std::uint32_t video_ssrc = 0;          ///< send: SSRCs lal writes
    std::uint32_t audio_ssrc = 0;
    std::string cname = "lal";             ///< RFC 8834 4.9: one CNAME for the session's streams
    std::string session_id = "1";          ///< o= session id
    std::size_t max_media = 8;
};

/// One m= section as negotiated.
struct negotiated_media {
    std::string mid;
    media::media_kind kind = media::media_kind::video;
    bool accepted = false;                 ///< false: answered with port 0
    media::codec_id codec = media::codec_id::unknown;
    std::uint8_t payload_type = 0;
    std::uint32_t clock_rate = 0;
    std::uint32_t channels = 0;
    std::optional<std::uint32_t> remote_ssrc;  ///< receive: the peer's a=ssrc, when given
    bool nack = false;                     ///< the peer offered a=rtcp-fb nack (RFC 4585 4.2)
    bool pli = false;                      ///< ... nack pli
    bool fir = false;                      ///< ... ccm fir (RFC 5104 7.1)
};

/// The result of answering an offer.
struct negotiation {
    std::string answer;                    ///< SDP text, CRLF line ends
    std::vector<negotiated_media> media;   ///< in the offer's order
    ice_credentials remote_ice;
    std::string remote_fingerprint;        ///< the offer's sha-256 fingerprint ("AB:CD:...")
};

/// Answers a WebRTC offer (RFC 8829 5.3 as an ICE-lite, DTLS-server, BUNDLE
/// and rtcp-mux-only endpoint). Video: H.264 packetization-mode=1 whose
/// profile matches the source (send) or any (receive), H.265 whose profile-id
/// matches an H.265 source (send) or when no H.264 is offered (receive), or
/// AV1/90000 of the source's profile (send, AV1 RTP 7.2); audio: opus/48000/2,
/// then PCMA, PCMU. Sections with no usable codec are rejected (port 0, no
/// attributes). Errors: the errc values for offers (not_an_offer ... no_common_codec).
lal::result<negotiation> answer_offer(std::string_view offer, const answer_options& options);

/// A candidate line value, "1 1 udp 2130706431 1.2.3.4 4888 typ host" (RFC 8839 5.1).
std::string candidate_attribute(const host_candidate& c, unsigned foundation);

}  // namespace lal::webrtc
