// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <asio/ip/tcp.hpp>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/httpflv/url.hpp>
#include <lal/rtmp_asio/url.hpp>

#include "worker.hpp"

namespace lalbench {

/// What every player of a run shares.
struct player_settings {
    asio::ip::tcp::endpoint endpoint;  ///< the server, resolved once
    std::chrono::milliseconds connect_timeout{10'000};  ///< until play start (RTMP) or the 200 head (HTTP)
    std::chrono::milliseconds idle_timeout{10'000};     ///< no bytes while playing
    std::uint64_t lag_limit_us = 1'000'000;  ///< a player whose latency exceeds this fell behind
    /// Churn: close as soon as the first audio/video message (or, with
    /// churn_until_start, play start) arrived, and count the connection done.
    bool churn = false;
    bool churn_until_start = false;
};

/// The stream one player plays: an RTMP URL, an HTTP URL (FLV, TS, HLS), an RTSP, SRT, WHEP or MoQT URL.
struct player_target {
    lal::rtmp_asio::rtmp_url rtmp;  ///< used when neither is_http nor is_rtsp
    lal::httpflv::url http;
    bool is_http = false;
    bool websocket = false;  ///< ws://: the HTTP URL with a WebSocket upgrade (WS-FLV, WS-TS)
    std::string rtsp;               ///< rtsp://host[:port]/app/stream (TCP interleaved)
    bool is_rtsp = false;
    std::string srt;                ///< srt://host:port?streamid=... or srt://host:port/app/stream
    bool is_srt = false;
    std::string whep;               ///< whep://host:port/app/stream, or an http:// WHEP endpoint (whep_http)
    bool is_whep = false;
    bool whep_http = false;
    std::string moq;                ///< moq://host:quic_port/app/stream (MoQT over WebTransport)
    bool is_moq = false;
};

/// The part of RTMP and HTTP-FLV players that is the same: TCP connect,
/// reading until the socket is empty, each read into a buffer of its own that
/// the decoders share out without copying, small writes, timeouts, and what
/// the media says (frames, stamps, loss, latency).
class player : public client, public read_listener, public std::enable_shared_from_this<player> {
public:
    player(worker& w, const player_settings& settings);
    ~player() override;

    /// Connects (on the worker's thread).
    void start();
    /// Readable: reads TCP (players on another transport override it).
    void on_readable() override;
    /// Called once when the player closes, whatever the reason (churn uses it
    /// to start the next connection).
    void on_end(std::function<void()> fn) { on_end_ = std::move(fn); }
    void check(clock_type::time_point now) override;
    void stop() override;
    bool finished() const noexcept override { return state_ == state::closed; }

protected:
    /// Opens the transport: a TCP connect by default. Another transport calls
    /// transport_up() once connected, received() per read, fail() on errors.
    virtual void open();
    /// Closes the transport opened by open() (once, when the player closes).
    virtual void close_transport();
    /// The transport is up: from now on the player is starting.
    void transport_up();
    /// One read of `in` arrived now: counted, stamped with its time, then on_input().
    void received(lal::payload in);
    /// The transport is up: send the first bytes.
    virtual void on_connected() = 0;
    /// Bytes from the server: one read, shared so that decoders can hand out
    /// slices of it (lal::rtmp::chunk_decoder and lal::flv::reader zero-copy modes).
    virtual void on_input(const lal::payload& in) = 0;

    /// Writes `bytes`; what the socket does not take waits for writability.
    void send(lal::byte_span bytes);
    /// Ends the player as failed: `ec` says why, `context` (optional) where or
    /// what the server said. Failures are tallied by their text.
    void fail(std::error_code ec, std::string_view context = {});
    /// The request to play went out (frames stamped before it came from a cache).
    void play_requested() noexcept;
    /// The server started the stream.
    void play_started();
    /// An audio message or tag arrived.
    void on_audio();
    /// A video message or tag arrived; `body` is its body (a stamp is in the first bytes).
    void on_video(lal::byte_span body);
    /// True once closed, so callers can stop after fail().
    bool closed() const noexcept { return state_ == state::closed; }
    /// When start() ran (the connect timeout counts from it).
    clock_type::time_point started_at() const noexcept { return started_; }

    worker& worker_;
    const player_settings& settings_;

private:
    enum class state { connecting, starting, playing, closed };

    void on_connect(std::error_code ec);
    void wait_writable();
    void close();
    void first_media();
    void tally();

    asio::ip::tcp::socket socket_;
    std::function<void()> on_end_;
    state state_ = state::connecting;
    bool watched_ = false;
    bool write_waiting_ = false;
    bool tallied_ = false;
    bool got_media_ = false;
    std::vector<std::byte> pending_out_;  // bytes the socket did not take yet
    std::size_t read_size_;               // of the next read's buffer, following what reads return
    clock_type::time_point started_{};
    clock_type::time_point last_input_{};
    std::uint64_t read_time_us_ = 0;      // when the current read happened
    std::uint64_t join_us_ = 0;           // when play was requested
    std::size_t length_size_ = 4;         // NAL length size from the AVC sequence header
    bool have_sequence_ = false;
    std::uint64_t next_sequence_ = 0;
    std::uint64_t lost_ = 0;
    std::uint64_t max_latency_us_ = 0;
};

/// A URL's host and port.
struct host_port {
    std::string host;
    std::uint16_t port = 0;
};
/// Splits "host[:port]" or "[v6]:port" (RFC 3986 3.2.2); `default_port` when
/// none is given (0: a port is required). nullopt for an empty host or a bad port.
std::optional<host_port> split_authority(std::string_view authority, std::uint16_t default_port);

/// A player for `target` on worker `w`: RTMP, HTTP-FLV, HTTP-TS (a `.ts` URL), HLS (a `.m3u8` URL), RTSP
/// SRT (when built with libsrt), WHEP (when built with lal::webrtc_transport) or MoQT (with lal::quic).
std::shared_ptr<player> make_player(worker& w, const player_settings& settings, const player_target& target);

}  // namespace lalbench
