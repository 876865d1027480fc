// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/http/router.hpp>
#include <lal/http/response.hpp>

#include "rtc_demux.hpp"
#include "rtc_session.hpp"
#include "service.hpp"

namespace lal::http_asio {
class server_connection;
}
namespace lal::webrtc_transport {
class certificate;
}

namespace lal::server {

/// WebRTC in the server (rtc.enable): WHEP playback (draft-ietf-wish-whep) at
/// POST /whep/<app>/<stream> and WHIP ingest (RFC 9725) at POST
/// /whip/<app>/<stream> on the HTTP(S) port, lalmax's /webrtc/whep?streamid=
/// and /webrtc/whip?streamid= (app "live") as aliases. An offer is answered
/// 201 with the SDP answer and a Location whose DELETE ends the session.
/// Every session's media shares one UDP port (rtc.addr), demultiplexed by
/// rtc_demux; one DTLS certificate serves them all. Sessions live on worker 0,
/// with the socket.
class rtc_service final : public service, private rtc_host {
public:
    explicit rtc_service(server_context& ctx);
    ~rtc_service() override;

    std::string_view name() const noexcept override { return "rtc"; }
    /// Makes the DTLS certificate and binds rtc.addr (UDP).
    std::string listen() override;
    /// Starts reading datagrams and the session timer.
    void start() override;
    /// Ends every session and closes the socket.
    void stop(bool abort) override;

    /// The router type of the HTTP listeners.
    using router = http::router<const std::shared_ptr<http_asio::server_connection>&>;
    /// Adds the WHEP and WHIP routes to worker `w`'s router (HTTP or HTTPS).
    void add_routes(router& routes, std::size_t w, const http::response_options& o);

private:
    // ---- rtc_host ----
    server_context& context() override { return ctx_; }
    std::size_t worker() const noexcept override { return 0; }
    std::size_t send_datagram(std::span<const std::byte> bytes, const stun::transport_address& to) override;
    void learned(std::uint64_t session, const stun::transport_address& from) override;
    void finished(std::uint64_t session) override;
    void key_frame_wanted(const stream_key& key) override;

    /// What an offer came to: the status, the answer or the reason, the Location.
    struct post_outcome {
        int status = 500;
        std::string body;
        std::string location;
    };
    struct post_request {
        bool whip = false;
        stream_key key;
        std::string query;
        std::string url;
        std::string remote;
        std::string offer;
        std::string local_address;  // the HTTP connection's, for the candidate
    };
    /// An offer on worker 0 until it is answered: a WHEP offer waits for its
    /// stream (rtc.wait_publisher_ms) and for the stream's second track.
    struct pending_post {
        std::shared_ptr<http_asio::server_connection> conn;
        post_request request;
        std::int64_t deadline_ms = 0;   ///< steady ms; past it a stream not live is 404
        std::int64_t live_seen_ms = 0;   ///< when the stream was first seen live
        std::int64_t track_seen_ms = 0;  ///< when it was first seen with one track only
        bool logged = false;
    };
    void on_post(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn, std::size_t w,
                 bool whip, stream_key key);
    void on_delete(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn, bool whip);
    /// On worker 0: answers `p` now (create()) or keeps it in waiting_ for tick().
    void answer_or_wait(pending_post p);
    /// True when a WHEP offer for `p`'s stream should wait (not live, or one track so far).
    bool should_wait(pending_post& p, std::int64_t now_ms);
    /// Sends `out` on the offer's HTTP connection.
    static void respond(const std::shared_ptr<http_asio::server_connection>& conn, post_outcome out);
    /// On worker 0: answers the offer and makes the session.
    post_outcome create(const post_request& r);
    void receive();
    void tick();
    void random_bytes(std::span<std::byte> out);
    /// The stream's shared AAC->Opus track, made for its first WHEP player.
    std::shared_ptr<rtc_opus_track> opus_track(const stream_key& key);

    server_context& ctx_;
    std::shared_ptr<const webrtc_transport::certificate> cert_;
    asio::ip::udp::socket socket_;
    asio::steady_timer timer_;
    std::uint16_t port_ = 0;
    std::array<std::byte, 2048> buffer_{};
    asio::ip::udp::endpoint from_;
    // Worker 0 only.
    rtc_demux demux_;
    std::unordered_map<std::uint64_t, std::shared_ptr<rtc_session>> sessions_;
    std::vector<pending_post> waiting_;  // WHEP offers waiting for their stream
    std::random_device entropy_;
    // Streams' AAC->Opus tracks, held by their WHEP players (rtc_audio.hpp).
    std::unordered_map<std::string, std::weak_ptr<rtc_opus_track>> opus_tracks_;
    std::uint64_t unrouted_ = 0;
    std::uint64_t send_dropped_ = 0;
    bool stopping_ = false;
};

}  // namespace lal::server
