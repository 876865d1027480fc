// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>
#include <lal/rtp/depacketizer.hpp>
#include <lal/rtp/packetizer.hpp>
#include <lal/rtp/sender.hpp>
#include <lal/rtsp/headers.hpp>
#include <lal/sdp/session.hpp>
#include <lal/sdp/track.hpp>

namespace lal::rtsp {

/// One RTP track of an RTSP session: what the SDP says, how SETUP carries
/// it, and its RTP state (a depacketizer when receiving, a sender when sending).
struct media_track {
    sdp::track info;                          ///< codec, payload type, clock rate, control, config
    std::string url;                          ///< a=control resolved against the base (RFC 2326 C.1.1)
    std::optional<rtsp::transport> transport; ///< set by SETUP
    std::unique_ptr<rtp::depacketizer> depacketizer;  ///< receiving side
    std::optional<rtp::sender> sender;                ///< sending side
};

/// The tracks of a session description whose first format lal can receive
/// (lal::sdp::describe_track); other media sections are left out.
std::vector<media_track> tracks_of(const sdp::session_description& s, std::string_view base);

/// The index of the track a SETUP Request-URI names: its resolved control
/// URL, or a URL ending in "/" + its control; nullopt for an unknown track.
std::optional<std::size_t> find_track(const std::vector<media_track>& tracks, std::string_view uri);

/// Gives a receiving track its depacketizer; `first_sequence` from RTP-Info when known.
void start_receiving(media_track& t, std::optional<std::uint16_t> first_sequence = {});

/// Gives a sending track its RTP sender; `random` seeds SSRC, first
/// sequence number and timestamp offset (RFC 3550 5.1).
void start_sending(media_track& t, std::uint32_t random);

/// The track whose SETUP gave interleaved `channel` (RFC 2326 12.39), and
/// whether it is the track's RTCP channel; nullopt for a channel no SETUP gave.
std::optional<std::pair<std::size_t, bool>> channel_owner(const std::vector<media_track>& tracks, std::uint8_t channel);

/// Routes one RTP or RTCP packet of track `t` (an interleaved frame or a UDP
/// datagram): RTP into the depacketizer, RTCP sender reports into its clock.
/// Frames finished are appended to `frames`. A malformed packet is dropped
/// (the depacketizer counts it); the error says why.
std::error_code receive_packet(media_track& t, bool rtcp, const lal::payload& data,
                               std::vector<media::media_frame>& frames);

/// Appends a packetized frame as interleaved frames (RFC 2326 10.12) on the
/// track's RTP channel: per packet one small buffer ('$', channel, length,
/// the sender's 12-byte header), then the frame's shared pieces.
void append_interleaved(media_track& t, const rtp::packetized_frame& frame, std::vector<lal::payload>& out);

/// Appends a compound RTCP packet (sender report, BYE...) as one interleaved
/// frame on the track's RTCP channel (the second of interleaved=a-b).
void append_interleaved_rtcp(const media_track& t, std::span<const std::byte> compound, std::vector<lal::payload>& out);

}  // namespace lal::rtsp
