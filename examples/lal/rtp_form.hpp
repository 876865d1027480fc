// SPDX-License-Identifier: MIT
#pragma once

#include <lal/media/form_encoder.hpp>
#include <lal/media/wire_form.hpp>
#include <lal/rtp/packetizer.hpp>

namespace lal::server {

/// The RTP form of the hub: each coded frame cut into RTP payloads once
/// (lal::rtp::packetize: RFC 6184, RFC 7798, RFC 3640, RFC 7587, RFC 3551)
/// and shared by every RTSP player of the stream; a player only adds its own
/// 12-byte RTP header (SSRC, sequence number, timestamp offset, RFC 3550 5.1).
///
/// The wire form is a packet list, not wire bytes: per packet an 8-byte
/// descriptor piece (marker, piece count, RTP timestamp before the session's
/// offset) followed by the packet's payload pieces; rtp_packets() reads it
/// back. Configurations, metadata and codecs RTP does not carry here are empty
/// (the SDP carries the configuration, and key frames carry their parameter sets).
class rtp_form final : public lal::media::form_encoder {
public:
    /// Payloads of at most `max_payload` bytes (FU-A/FU and AAC fragments cut to fit).
    explicit rtp_form(std::size_t max_payload = lal::rtp::packetizer_options{}.max_payload) noexcept
        : max_payload_(max_payload) {}
    lal::media::wire_form encode(const lal::media::media_item& item) const override;

private:
    std::size_t max_payload_;
};

/// The largest RTP payload whose SRTP packet fits an IP packet of `mtu` bytes:
/// mtu - IPv6 40 - UDP 8 - RTP 12 - the SRTP tag 10 of AES_CM_128_HMAC_SHA1_80
/// (RFC 3711 4.2, the one profile lal agrees, RFC 5764 4.1.2).
std::size_t rtc_max_payload(std::uint32_t mtu) noexcept;

/// The packets of a frame's RTP form (pieces shared, nothing copied); empty
/// for an empty or malformed form.
lal::rtp::packetized_frame rtp_packets(const lal::media::wire_form& form);

/// The wall clock now as NTP time, 32.32 fixed-point seconds since 1900
/// (RFC 3550 4), for sender reports.
std::uint64_t ntp_now();

/// The RTP clock rate of a track (90 kHz video, the AAC sample rate, 48 kHz
/// Opus, 8 kHz G.711); 0 for a codec RTP does not carry here.
std::uint32_t rtp_clock_rate(const lal::media::media_frame& frame);

}  // namespace lal::server
