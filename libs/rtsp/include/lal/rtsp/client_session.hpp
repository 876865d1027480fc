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

/// Settings of one client connection; randomness is passed in (sans-IO).
struct client_options {
    std::string url;                    ///< rtsp://host[:port]/path
    std::optional<credentials> user;    ///< answers a 401 challenge once (RFC 2326 11.2)
    bool tcp = true;                    ///< RTP/AVP/TCP interleaved, else RTP/AVP UDP unicast
    /// UDP: the client port pair the glue bound for each track, in track order.
    std::vector<number_pair<std::uint16_t>> udp_ports;
    reader_limits limits;
    std::uint32_t random = 0;           ///< seeds the sent tracks' SSRC, sequence and timestamp offset
    std::string cnonce = "0a4f113b";    ///< Digest client nonce
    std::string user_agent = "lal";
};

/// PLAY (pulling) or RECORD (pushing) was answered 200: media flows.
struct client_started {};
/// A frame of a pulled track, depacketized.
struct client_media { std::size_t track = 0; media::media_frame frame; };
/// TEARDOWN was answered: close.
struct client_closed {};

/// What a client session reports.
using client_event = std::variant<client_started, client_media, client_closed>;

/// One RTSP connection on the client side, sans-IO: pulls (OPTIONS,
/// DESCRIBE with an auth retry, SETUP per track, PLAY) or pushes (OPTIONS,
/// ANNOUNCE, SETUP per track, RECORD), keeps the session alive and tears it down.
class client_session {
public:
    /// A session with `options`; nothing is sent before pull() or push().
    explicit client_session(client_options options);
    /// Starts pulling the URL.
    void pull(std::int64_t now_ms);
    /// Starts pushing `sdp` (each media section needs an a=control) to the URL.
    void push(const sdp::session_description& sdp, std::int64_t now_ms);
    /// Consumes all of `in` received at `now_ms`. After an error the session is dead: close it.
    std::error_code feed(std::span<const std::byte> in, std::int64_t now_ms);
    /// An RTP (or RTCP) datagram of track `track` received over UDP.
    std::error_code feed_udp(std::size_t track, bool rtcp, const lal::payload& datagram);
    /// The next event, or empty.
    std::optional<client_event> next_event();
    /// Sends GET_PARAMETER when half the Session timeout passed without a request (RFC 2326 12.37).
    void tick(std::int64_t now_ms);
    /// Sends TEARDOWN.
    void teardown();
    /// A packetized frame of pushed track `track` as interleaved frames.
    void send(std::size_t track, const rtp::packetized_frame& frame);
    /// Everything queued for the server. Keep it alive until the write completes.
    std::vector<lal::payload> take_output();
    /// The tracks, from the DESCRIBE answer or the pushed SDP.
    std::vector<media_track>& tracks() noexcept { return tracks_; }
    /// The session id the server gave, empty before SETUP.
    const std::string& session_id() const noexcept { return session_.id; }

private:
    void request(std::string method, std::string uri, std::vector<header> extra = {}, std::string body = {});
    std::error_code on_response(const message& res);
    void setup_next();

    client_options options_;
    reader reader_;
    bool pushing_ = false;
    std::string push_sdp_;
    std::vector<media_track> tracks_;
    std::size_t setup_index_ = 0;
    session_header session_;
    std::optional<challenge> challenge_;
    message pending_;
    bool retried_ = false;
    std::uint32_t cseq_ = 0;
    std::int64_t now_ms_ = 0;
    std::int64_t last_request_ms_ = 0;
    bool started_ = false;
    std::deque<client_event> events_;
    std::vector<lal::payload> output_;
};

}  // namespace lal::rtsp
