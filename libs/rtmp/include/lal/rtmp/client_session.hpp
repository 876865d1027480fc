// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/detail/session_core.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/message.hpp>

namespace lal::rtmp {

/// Whether a client session publishes or plays.
enum class client_role { publish, play };

/// Settings of a client session: where to connect and what to do there.
struct client_options {
    std::string app;              ///< connect "app", e.g. "live" (a "?query" is kept)
    std::string tc_url;           ///< connect "tcUrl", e.g. "rtmp://host:1935/live"
    std::string stream_name;      ///< name for publish/play, e.g. "test?token=1"
    client_role role = client_role::play;
    std::string publish_type = "live";  ///< "live", "record" or "append"
    double play_start = -2;       ///< play start: -2 live or recorded, -1 live only
    std::uint32_t buffer_ms = 3000;     ///< Set Buffer Length sent after play
    std::string flash_ver;        ///< empty: "FMLE/3.0 (compatible; lal)" to publish, "LNX 9,0,124,2" to play
    std::uint32_t chunk_size = 4096;    ///< our outbound chunk size, announced first
    decoder_limits limits;
    handshake_mode handshake = handshake_mode::digest_scheme_0;
    /// Enhanced RTMP fourCcList sent in connect (e.g. {"hvc1"} to publish
    /// HEVC); empty: none, a legacy client.
    std::vector<std::string> fourcc_list;
};

/// Events a client session reports, in the order things happen.
namespace client_events {

/// connect answered with _result (NetConnection.Connect.Success).
struct connected {
    amf0::value properties;
    amf0::value info;
};
/// createStream answered; publish or play was sent on this stream.
struct stream_created {
    std::uint32_t stream_id = 0;
};
/// onStatus NetStream.Publish.Start: send() may be used from now on.
struct publish_started {
    std::string code;
    std::string description;
};
/// onStatus NetStream.Play.Start: media and metadata follow.
struct play_started {
    std::string code;
    std::string description;
};
/// Any other onStatus (Play.Reset, Play.UnpublishNotify, Play.PublishNotify, ...).
struct status {
    std::uint32_t stream_id = 0;
    std::string level;
    std::string code;
    std::string description;
};
/// Audio, video or data while playing (aggregates arrive split).
struct media {
    message msg;
};
/// onMetaData while playing ("@setDataFrame" stripped if a server left it).
struct metadata {
    message msg;
};
/// User Control Stream EOF: the server ended the stream.
struct stream_eof {
    std::uint32_t stream_id = 0;
};
/// The session failed: connect_rejected, publish_rejected, play_rejected,
/// command_failed (with the server's code and description) or a protocol error.
/// The session wants to close afterwards.
struct failed {
    std::error_code error;
    std::string code;
    std::string description;
};

}  // namespace client_events

/// One of the events above.
using client_event =
    std::variant<client_events::connected, client_events::stream_created, client_events::publish_started,
                 client_events::play_started, client_events::status, client_events::media,
                 client_events::metadata, client_events::stream_eof, client_events::failed>;

/// The client side of one RTMP connection, handshake included, sans-IO. It
/// runs handshake, Set Chunk Size, connect, (releaseStream, FCPublish,)
/// createStream, then publish or play (plus Set Buffer Length) on its own, and
/// answers pings, Set Peer Bandwidth and acknowledgement windows.
class client_session {
public:
    /// `random` (at least 1536 bytes) and `epoch_ms` feed the handshake; C0+C1
    /// are queued at once.
    client_session(client_options options, byte_span random, std::uint32_t epoch_ms);

    /// Consumes all of `in`. Errors (handshake or chunk stream) leave the session dead.
    std::error_code feed(byte_span in);
    /// The next event, or nullopt when more input is needed.
    std::optional<client_event> next_event();

    /// Publishes `msg` (audio, video or data) on our stream with header
    /// compression; message stream id is set for you, chunk stream id 0 picks
    /// the default. False (nothing sent) unless publishing has started.
    bool send(const message& msg);
    /// Ends politely: FCUnpublish and deleteStream when publishing, deleteStream
    /// when playing. Then wants_close() is true: write the output and close.
    void close();

    /// Everything queued for the server, as buffers for one gathered write.
    std::vector<lal::payload> take_output();
    /// Bytes queued and not yet taken.
    std::size_t output_bytes_pending() const noexcept { return core_.pending_bytes(); }
    /// True after an error, a failure event or close().
    bool wants_close() const noexcept { return core_.wants_close(); }
    /// The error that ended the session, if any.
    std::error_code error() const noexcept { return core_.error(); }
    /// True once publish_started was reported.
    bool publishing() const noexcept { return state_ == state::publishing; }
    /// True once play_started was reported.
    bool playing() const noexcept { return state_ == state::playing; }
    /// The stream id from createStream (0 before).
    std::uint32_t stream_id() const noexcept { return stream_id_; }
    /// True when the server answered the digest handshake correctly.
    bool handshake_verified() const noexcept { return core_.handshake_verified(); }
    /// The handshake in effect once done: the requested one, or plain with a plain server.
    handshake_mode handshake_mode_used() const noexcept { return core_.mode(); }

private:
    enum class state { handshake, connecting, creating_stream, starting, publishing, playing, closed };

    std::optional<client_event> handle(message& msg);
    std::optional<client_event> handle_command(const message& msg, const command& cmd);
    std::optional<client_event> handle_status(std::uint32_t stream_id, const amf0::value* info);
    std::optional<client_event> handle_data(message& msg);
    std::optional<client_event> handle_control(const message& msg);
    client_event failure(std::error_code ec, std::string code, std::string description);
    void start_session();
    double next_transaction() noexcept { return ++transaction_; }
    void queue(const message& msg) { core_.queue(msg); }

    client_options options_;
    std::unique_ptr<client_handshake> handshake_;  // until done
    detail::session_core core_;
    std::uint32_t window_sent_ = 0;

    state state_ = state::handshake;
    double transaction_ = 0;
    double connect_transaction_ = 0;
    double create_stream_transaction_ = 0;
    std::uint32_t stream_id_ = 0;
    std::deque<client_event> events_;
};

}  // namespace lal::rtmp
