// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/rtp/retransmission_history.hpp>
#include <lal/stun/message.hpp>
#include <lal/webrtc/ice_lite.hpp>
#include <lal/webrtc_transport/dtls.hpp>
#include <lal/webrtc_transport/srtp.hpp>

namespace lal::webrtc_transport {

/// What a peer session needs from the offer/answer.
struct peer_options {
    webrtc::ice_credentials local_ice;
    std::string remote_ufrag;
    std::string remote_fingerprint;           ///< the offer's sha-256 a=fingerprint
    std::shared_ptr<const certificate> cert;  ///< lal's, whose fingerprint the answer carries
    std::size_t history_packets = 512;        ///< sent packets kept for NACK, per session
};

/// A datagram to send.
struct outgoing {
    std::vector<std::byte> bytes;
    stun::transport_address to;
};

/// DTLS finished: media can flow.
struct peer_connected {};
/// The peer asked for a key frame (PLI or FIR, RFC 4585 6.3.1, RFC 5104 4.3.1).
struct key_frame_request {
    std::uint32_t media_ssrc = 0;
};
/// A decrypted RTP packet from the peer (a publisher's media).
struct rtp_received {
    std::vector<std::byte> packet;
};
/// A decrypted compound RTCP packet from the peer, feedback already handled.
struct rtcp_received {
    std::vector<std::byte> packet;
};
/// The session failed (DTLS error or close); drop it.
struct peer_closed {
    std::error_code reason;
};
/// Events, in the order they happened.
using peer_event = std::variant<peer_connected, key_frame_request, rtp_received, rtcp_received, peer_closed>;

/// Counters of what was refused, for logs and tests.
struct peer_stats {
    std::uint64_t stun_refused = 0;   ///< bad credentials, malformed, not a check
    std::uint64_t dtls_refused = 0;   ///< DTLS from an unselected address or after a failure
    std::uint64_t srtp_refused = 0;   ///< replays, forgeries, before keys, from elsewhere
    std::uint64_t other_refused = 0;  ///< neither STUN, DTLS nor RTP (RFC 7983)
    std::uint64_t nack_resent = 0;    ///< packets sent again for a NACK
    std::uint64_t nack_missed = 0;    ///< NACKed numbers no longer in the history
};

/// One WebRTC peer on lal's shared UDP port, sans-IO: ICE-lite checks, then
/// DTLS (lal the server) from the nominated address, then SRTP both ways
/// (RFC 7983 demultiplexing on the first byte). Answers NACKs from its
/// history of sent packets; PLI/FIR become key_frame_request events.
class peer_session {
public:
    explicit peer_session(peer_options options);

    /// Handles one datagram from `from`, already routed to this session
    /// (by the ICE username of a check, else by address). Never throws on bad input.
    void on_datagram(byte_span datagram, const stun::transport_address& from);
    /// Datagrams to send.
    std::vector<outgoing> take_output();
    /// The next event, or nullopt.
    std::optional<peer_event> next_event();

    /// Protects and sends an RTP packet, keeping it for NACKs; false until connected.
    bool send_rtp(std::vector<std::byte> packet);
    /// Protects and sends a compound RTCP packet (sender reports); false until connected.
    bool send_rtcp(std::vector<std::byte> packet);

    /// DTLS retransmission timer while the handshake runs.
    std::optional<std::chrono::milliseconds> next_timeout() const { return dtls_.next_timeout(); }
    /// Call when next_timeout() passed.
    void on_timeout();

    /// True once DTLS finished and SRTP keys are in place.
    bool connected() const noexcept { return srtp_ != nullptr; }
    /// The nominated peer address, once a check with USE-CANDIDATE arrived.
    const std::optional<stun::transport_address>& remote() const noexcept { return ice_.selected(); }
    /// What was refused so far.
    const peer_stats& stats() const noexcept { return stats_; }

private:
    void on_stun(byte_span datagram, const stun::transport_address& from);
    void on_dtls(byte_span datagram);
    void on_srtp(byte_span datagram);
    void on_feedback(const std::vector<std::byte>& compound);
    void flush_dtls();

    webrtc::ice_lite_responder ice_;
    dtls_endpoint dtls_;
    std::unique_ptr<srtp_session> srtp_;
    rtp::retransmission_history history_;
    std::vector<outgoing> out_;
    std::deque<peer_event> events_;
    peer_stats stats_;
    bool closed_ = false;
};

}  // namespace lal::webrtc_transport
