// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>
#include <lal/rtsp/auth.hpp>
#include <lal/rtsp/media_track.hpp>
#include <lal/rtsp/message.hpp>
#include <lal/rtsp/reader.hpp>
#include <lal/sdp/session.hpp>

namespace lal::rtsp {

/// Settings of one server connection; randomness is passed in (sans-IO).
struct server_options {
    reader_limits limits;
    std::string session_id = "1";       ///< the Session id this connection hands out (RFC 2326 12.37)
    std::uint32_t timeout_s = 60;       ///< advertised Session timeout
    std::uint32_t random = 0;           ///< seeds SSRC, sequence and timestamp offset of sent tracks
    std::optional<credentials> user;    ///< when set, every request but OPTIONS must authenticate
    challenge auth;                     ///< scheme, realm and nonce of the WWW-Authenticate challenge
};

/// A DESCRIBE: answer with accept(ev, sdp) or reject(ev.request, 404).
struct describe_request { message request; };
/// An ANNOUNCE (publishing) with its SDP and tracks: accept or reject.
struct announce_request { message request; sdp::session_description sdp; };
/// A SETUP of a known track: accept (UDP: with the server ports the glue bound) or reject.
struct setup_request { message request; std::size_t track = 0; rtsp::transport transport; };
/// A PLAY: accept (then send frames) or reject.
struct play_request { message request; };
/// A RECORD: accept (then frames arrive as media_received) or reject.
struct record_request { message request; };
/// A PAUSE, already answered.
struct paused {};
/// A TEARDOWN, already answered: close once the output is written.
struct torn_down {};
/// A frame of a publisher's track, depacketized.
struct media_received { std::size_t track = 0; media::media_frame frame; };

/// What a server session reports.
using server_event = std::variant<describe_request, announce_request, setup_request, play_request,
                                  record_request, paused, torn_down, media_received>;

/// One RTSP connection on the server side (RFC 2326), sans-IO: bytes in,
/// events out, bytes queued for the peer. OPTIONS, GET_PARAMETER,
/// SET_PARAMETER, PAUSE and TEARDOWN are answered inside; DESCRIBE,
/// ANNOUNCE, SETUP, PLAY and RECORD become events the glue decides on.
class server_session {
public:
    /// A session with `options`.
    explicit server_session(server_options options);
    /// Consumes all of `in` received at `now_ms`. After an error the session is dead: close it.
    std::error_code feed(std::span<const std::byte> in, std::int64_t now_ms);
    /// An RTP (or RTCP) datagram of track `track` received over UDP at `now_ms`.
    std::error_code feed_udp(std::size_t track, bool rtcp, const lal::payload& datagram, std::int64_t now_ms);
    /// The next event, or empty.
    std::optional<server_event> next_event();

    /// 200 with `sdp` as body and Content-Base; the tracks to play are the SDP's.
    void accept(const describe_request& ev, const sdp::session_description& sdp);
    /// 200; the tracks to receive are the announced SDP's.
    void accept(const announce_request& ev);
    /// 200 with the Transport (UDP: `server_port` chosen by the glue) and Session.
    void accept(const setup_request& ev, std::optional<number_pair<std::uint16_t>> server_port = {});
    /// 200 with Range and RTP-Info (RFC 2326 12.33): from now on send() works.
    void accept(const play_request& ev);
    /// 200: from now on interleaved RTP of the publisher becomes media_received.
    void accept(const record_request& ev);
    /// An error answer (404, 403, 461...) to `request`.
    void reject(const message& request, int status);
    /// An error answer with a text/plain body saying why (e.g. 415 naming a codec).
    void reject(const message& request, int status, std::string_view why);

    /// A packetized frame of track `track` to a player over TCP, as
    /// interleaved frames; the payload pieces stay shared.
    void send(std::size_t track, const rtp::packetized_frame& frame);
    /// A compound RTCP packet of track `track` (sender report, BYE at the end
    /// of the stream) to a player over TCP, on the track's RTCP channel.
    void send_rtcp(std::size_t track, std::span<const std::byte> compound);
    /// Everything queued for the peer. Keep it alive until the write completes.
    std::vector<lal::payload> take_output();

    /// The tracks (from DESCRIBE's SDP or ANNOUNCE's).
    std::vector<media_track>& tracks() noexcept { return tracks_; }
    /// True once PLAY was accepted.
    bool playing() const noexcept { return playing_; }
    /// True once RECORD was accepted.
    bool recording() const noexcept { return recording_; }
    /// True when nothing came from the peer for the Session timeout (RFC 2326 12.37).
    bool expired(std::int64_t now_ms) const noexcept;
    /// True after TEARDOWN or an error: close after writing the output.
    bool wants_close() const noexcept { return close_; }
    /// Interleaved RTP/RTCP packets of the publisher that were dropped as
    /// malformed, and why the last one was (the glue decides whether to close).
    std::uint64_t bad_packets() const noexcept { return bad_packets_; }
    std::error_code last_bad_packet() const noexcept { return last_bad_packet_; }

private:
    std::error_code on_request(message req);
    void respond(message res);
    bool session_matches(const message& req) const;

    server_options options_;
    reader reader_;
    std::vector<media_track> tracks_;
    std::deque<server_event> events_;
    std::vector<lal::payload> output_;
    std::string base_;
    std::int64_t last_seen_ms_ = 0;
    bool session_started_ = false;
    bool playing_ = false;
    bool recording_ = false;
    bool close_ = false;
    std::uint64_t bad_packets_ = 0;
    std::error_code last_bad_packet_;
};

}  // namespace lal::rtsp
