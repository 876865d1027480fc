// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <lal/base/bytes.hpp>
#include <lal/hub/session_directory.hpp>
#include <lal/stun/message.hpp>
#include <lal/webrtc/offer_answer.hpp>
#include <lal/webrtc_transport/peer_session.hpp>

#include "hub_types.hpp"

namespace lal::server {

struct server_context;
class rtc_opus_track;

/// What a WebRTC session needs from the service that owns the shared UDP
/// port. Every call is made on the service's worker.
class rtc_host {
public:
    virtual ~rtc_host() = default;
    /// The server's shared state.
    virtual server_context& context() = 0;
    /// The worker every WebRTC session lives on (the UDP socket's).
    virtual std::size_t worker() const noexcept = 0;
    /// Sends one datagram from the shared port; the bytes sent (0: dropped, the socket was full).
    virtual std::size_t send_datagram(std::span<const std::byte> bytes, const stun::transport_address& to) = 0;
    /// The session's nominated address: datagrams from it are routed to it.
    virtual void learned(std::uint64_t session, const stun::transport_address& from) = 0;
    /// The session ended: the host forgets it (later, not during the call).
    virtual void finished(std::uint64_t session) = 0;
    /// A player of `key` asked for a key frame: a WHIP publisher of it is asked in turn.
    virtual void key_frame_wanted(const stream_key& key) = 0;
};

/// What a WHEP or WHIP POST settled on, for its session.
struct rtc_session_params {
    std::uint64_t id = 0;                 ///< the host's handle, in the Location URL
    stream_key key;
    std::string query;                    ///< the POST URL's query
    std::string url;                      ///< the POST URL
    std::string remote;                   ///< the HTTP peer, "1.2.3.4:5678"
    webrtc::negotiation negotiation;
    webrtc_transport::peer_options peer;
    std::uint32_t video_ssrc = 0;         ///< WHEP: the SSRCs the answer announced
    std::uint32_t audio_ssrc = 0;
    std::uint32_t random = 0;             ///< seeds sequence numbers and timestamp offsets
    /// WHEP of an AAC stream: the stream's shared AAC->Opus track (null: none).
    std::shared_ptr<rtc_opus_track> opus_track;
};

/// One WebRTC peer on the shared UDP port: a WHEP player or a WHIP publisher.
/// Lives on the host's worker; ends on DTLS failure, session timeout, DELETE or kick.
class rtc_session : public lal::hub::described_session, public std::enable_shared_from_this<rtc_session> {
public:
    /// A WHEP player of `params.key` (its stream is live when the POST was answered).
    static std::shared_ptr<rtc_session> make_player(rtc_host& host, rtc_session_params params);
    /// A WHIP publisher of `params.key`; null with `error` set when the hub refuses the publish.
    static std::shared_ptr<rtc_session> make_publisher(rtc_host& host, rtc_session_params params, std::string& error);

    ~rtc_session() override;

    /// One datagram the host routed here, at `now_ms` (steady clock).
    void on_datagram(byte_span datagram, const stun::transport_address& from, std::int64_t now_ms);
    /// Timers: DTLS retransmission, rtc.session_timeout_ms, the publisher's reorder buffers.
    void on_tick(std::int64_t now_ms);
    /// Ends the session (idempotent): leaves the hub and the directory, then tells the host.
    void end(std::string_view reason);
    /// True once ended.
    bool ended() const noexcept { return ended_; }
    /// The host's handle.
    std::uint64_t id() const noexcept { return params_.id; }
    /// The stream.
    const stream_key& key() const noexcept { return params_.key; }
    /// True for a WHIP publisher.
    virtual bool publishing() const noexcept = 0;
    /// A WHIP publisher sends a PLI (rate-limited); nothing for a player.
    virtual void ask_key_frame(std::int64_t /*now_ms*/) {}

    // ---- described_session ----
    lal::hub::session_info describe() const override;
    void kick(std::string_view reason) override;

protected:
    rtc_session(rtc_host& host, rtc_session_params params);
    /// DTLS finished: media can flow.
    virtual void on_connected() = 0;
    /// The peer asked for a key frame (PLI or FIR).
    virtual void on_key_frame_request() {}
    /// A decrypted RTP packet.
    virtual void on_rtp(std::vector<std::byte>&& /*packet*/, std::int64_t /*now_ms*/) {}
    /// A decrypted compound RTCP packet (feedback already handled).
    virtual void on_rtcp(const std::vector<std::byte>& /*packet*/) {}
    /// Subclass timers.
    virtual void on_timer(std::int64_t /*now_ms*/) {}
    /// Leaves the hub (unsubscribe, unpublish).
    virtual void leave_hub() = 0;
    /// What a player or publisher adds to describe() (dropped frames, codecs).
    virtual void describe_more(lal::hub::session_info& info) const = 0;
    /// Sends what the peer session queued.
    void flush_output();
    /// Drains the peer session's events.
    void handle_events(std::int64_t now_ms);
    /// Joins the session directory (API groups, notify) as `prefix` ("WEBRTCSUB").
    void enter_directory(std::string_view prefix);
    /// Log tag.
    std::string_view tag() const noexcept { return publishing() ? "whip" : "whep"; }

    rtc_host& host_;
    rtc_session_params params_;
    webrtc_transport::peer_session peer_;
    std::string directory_id_;
    std::int64_t start_unix_ms_ = 0;
    std::int64_t last_heard_ms_ = 0;
    std::uint64_t bytes_read_ = 0;
    std::uint64_t bytes_written_ = 0;
    std::uint64_t writes_ = 0;
    std::uint64_t send_drops_ = 0;  ///< datagrams the full socket did not take
    bool in_directory_ = false;
    bool ended_ = false;
    bool remote_learned_ = false;
    stun::transport_address learned_;
};

}  // namespace lal::server
