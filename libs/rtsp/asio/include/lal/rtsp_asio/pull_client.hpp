// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/media/frame_input.hpp>
#include <lal/media/item.hpp>
#include <lal/net/socket_io.hpp>
#include <lal/rtp/reorder_buffer.hpp>
#include <lal/rtsp/client_session.hpp>
#include <lal/rtsp_asio/url.hpp>

namespace lal::http_asio {
class connector;
}

namespace lal::rtsp_asio {

/// How RTP travels (lal-Go's rtsp_mode: 0 TCP, 1 UDP).
enum class transport_mode { tcp = 0, udp = 1 };

/// Settings of a pull.
struct pull_options {
    /// Resolve, connect, and OPTIONS through PLAY answered; then errc::connect_timeout.
    std::chrono::milliseconds connect_timeout{10'000};
    /// Once playing: no media packet for this long ends the pull (errc::read_timeout).
    std::chrono::milliseconds read_timeout{10'000};
    /// Longest graceful close (TEARDOWN out, FIN, the server's FIN).
    std::chrono::milliseconds close_timeout{1'000};
    /// Interleaved in the RTSP connection (RFC 2326 10.12) or UDP unicast.
    /// rtsps:// is always interleaved: RTP over plain UDP would leave the TLS.
    transport_mode mode = transport_mode::tcp;
    /// rtsps://: the TLS client context (a CA file to verify against); null:
    /// net::tls_context::default_client(), which does not verify (as ffmpeg).
    std::shared_ptr<const net::tls_context> tls;
    /// UDP: port pairs bound before DESCRIBE, one per track set up (more tracks get none).
    std::size_t udp_tracks = 2;
    /// UDP: how long and how many packets a gap may wait for a late packet (RFC 3550 A.1).
    rtp::reorder_options reorder;
    /// UDP: receiver reports (RFC 3550 6.4.2) to each track's server RTCP port
    /// about this often (randomized 0.5x to 1.5x, RFC 3550 6.3.1), the first
    /// after half of it (6.2: the initial interval is halved).
    std::chrono::milliseconds rtcp_interval{5'000};
    /// Credentials when the URL carries none.
    std::optional<rtsp::credentials> user;
    rtsp::reader_limits limits;
    /// Bytes per read, into a buffer shared by the thread's connections.
    std::size_t read_buffer_size = 64 * 1024;
    std::string user_agent = "lal";
    /// Seeds the Digest client nonce.
    std::uint32_t random = 0;
};

/// What the owner hears from a pull, on the client's executor.
struct pull_handlers {
    /// PLAY was answered 200: the tracks set up (codec, clock rate, transport).
    std::function<void(const std::vector<rtsp::media_track>&)> on_started;
    /// Each depacketized frame of track `track` as it comes (may be moved from).
    std::function<void(std::size_t track, media::media_frame&)> on_frame;
    /// The same frames as hub-ready items (lal::media::frame_input): a config
    /// item whenever a track's configuration changes, then the frame item.
    std::function<void(media::media_item)> on_item;
    /// Once, at the end: asio::error::operation_aborted after stop(); otherwise
    /// what went wrong: lal::rtsp_asio::errc (bad URL, timeouts, closed), a
    /// lal::rtsp::errc (refused, unauthorized, protocol errors), or a socket error.
    std::function<void(std::error_code)> on_closed;
};

/// Counters of a pull.
struct pull_stats {
    std::uint64_t bytes_read = 0;       ///< RTSP connection plus UDP datagrams
    std::uint64_t late = 0;             ///< UDP: packets that came after their gap was given up
    std::uint64_t frames = 0;           ///< frames delivered
    std::uint64_t lost_packets = 0;     ///< RTP sequence numbers skipped, all tracks
    std::uint64_t broken_frames = 0;    ///< frames dropped for a lost or malformed packet
    std::uint64_t skipped_frames = 0;   ///< video frames dropped while waiting for a key frame
    std::uint64_t receiver_reports = 0; ///< UDP: RTCP receiver reports sent, all tracks
};

/// Pulls one RTSP stream: resolves and connects with a timeout, runs a
/// lal::rtsp::client_session (OPTIONS, DESCRIBE with an auth retry, SETUP,
/// PLAY), receives RTP interleaved or on bound UDP port pairs, keeps the
/// session alive (GET_PARAMETER) and tears it down on stop(). Create it with
/// std::make_shared; all calls on its executor.
class pull_client final : public std::enable_shared_from_this<pull_client>, private net::socket_owner {
public:
    /// A client on `executor` (one thread); nothing happens until start().
    explicit pull_client(asio::any_io_executor executor, pull_options options = {});
    ~pull_client();
    pull_client(const pull_client&) = delete;
    pull_client& operator=(const pull_client&) = delete;

    /// Starts pulling `url` (rtsp[s]://[user:password@]host[:port]/path).
    void start(std::string url, pull_handlers handlers);
    /// Sends TEARDOWN when playing and closes; on_closed follows with
    /// operation_aborted unless the pull already ended.
    void stop();

    /// True once PLAY was answered, until the end.
    bool playing() const noexcept { return playing_ && !done_; }
    /// Bytes and frame counters so far.
    pull_stats stats() const;
    /// The URL requests go to (no user information), once start() parsed it.
    const std::string& url() const noexcept { return url_.request_url; }

private:
    struct udp_track;

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }
    void on_input(std::span<const std::byte> bytes) override;
    bool input_paused() const override { return false; }
    void collect_output(net::send_queue& queue) override;
    std::chrono::steady_clock::time_point deadline() const override;
    void on_deadline() override;
    void on_closed(std::error_code reason) override;

    void on_connected(std::error_code ec, const asio::ip::tcp::endpoint& endpoint);
    std::error_code open_udp();
    void receive_udp(std::size_t index, bool rtcp);
    void on_rtp_datagram(std::size_t index, const lal::payload& datagram);
    void release_ordered(std::size_t index, bool all);
    void start_reports();
    void send_reports();
    void deliver(std::size_t track, media::media_frame& frame);
    void drain();
    void fail(std::error_code ec);
    void end(std::error_code ec);
    std::int64_t now_ms() const;
    media::micros now_us() const;

    asio::any_io_executor executor_;
    pull_options options_;
    rtsp_url url_;
    pull_handlers handlers_;
    std::shared_ptr<http_asio::connector> connector_;  // until TCP is up; then io_ times the rest
    net::socket_io io_;
    std::optional<rtsp::client_session> session_;
    std::vector<std::unique_ptr<udp_track>> udp_;
    media::frame_input input_;
    std::chrono::steady_clock::time_point connect_deadline_{};
    std::chrono::steady_clock::time_point last_media_{};
    std::chrono::steady_clock::time_point next_tick_{};
    std::chrono::steady_clock::time_point next_report_ = std::chrono::steady_clock::time_point::max();
    std::uint32_t report_random_ = 0;  // spreads the report intervals (RFC 3550 6.3.1)
    std::uint64_t reports_sent_ = 0;
    std::chrono::steady_clock::time_point epoch_{};
    std::uint64_t udp_bytes_ = 0;
    std::uint64_t frames_ = 0;
    std::error_code outcome_;
    bool tcp_ = true;  // RTP interleaved: mode tcp, or rtsps
    bool decided_ = false;
    bool started_ = false;
    bool playing_ = false;
    bool done_ = false;
};

}  // namespace lal::rtsp_asio
