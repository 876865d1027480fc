// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

/// Settings of a server session.
struct server_options {
    /// Chunk size of everything we send after connect (announced with Set Chunk Size).
    std::uint32_t chunk_size = 4096;
    /// Window Acknowledgement Size announced at connect (RTMP spec 5.4.4).
    std::uint32_t window_ack_size = 2500000;
    /// Set Peer Bandwidth window announced at connect (RTMP spec 5.4.5), limit type dynamic.
    std::uint32_t peer_bandwidth = 2500000;
    /// fmsVer in the connect _result.
    std::string fms_version = "FMS/3,0,1,123";
    /// Enhanced RTMP FourCCs accepted: a client's fourCcList is answered
    /// with those of them it listed (in the connect _result's properties).
    std::vector<std::string> fourcc_list = default_fourcc_list();
    /// Caps on what the client may make us allocate.
    decoder_limits limits;
};

/// Events a server session reports, named after what the client did.
namespace server_events {

/// connect (RTMP spec 7.2.1.1); answer with accept_connect or reject_connect.
struct connect {
    std::string app;       ///< "app" without any "?query"
    std::string tc_url;    ///< tcUrl as sent, query kept
    std::string query;     ///< query from the app field, or else from tcUrl
    amf0::object command_object;
    /// Enhanced RTMP fourCcList the client declared (empty: a legacy client).
    std::vector<std::string> fourcc_list;
};

/// publish (RTMP spec 7.2.2.6); answer with accept_publish or reject_publish.
struct publish {
    std::uint32_t stream_id = 0;  ///< message stream id the client publishes on
    std::string app;
    std::string stream_name;      ///< name without "?query"
    std::string query;
    std::string type;             ///< "live", "record" or "append"
};

/// play (RTMP spec 7.2.2.1); answer with accept_play or reject_play.
struct play {
    std::uint32_t stream_id = 0;
    std::string app;
    std::string stream_name;
    std::string query;
    double start = -2;            ///< -2 live or recorded, -1 live, >= 0 recorded from there
    double duration = -1;
    bool reset = true;
};

/// An audio, video or data message of an accepted publish. The body is the one
/// reassembled copy: keep and share it. Aggregates arrive already split.
struct media {
    message msg;
};

/// onMetaData of an accepted publish, "@setDataFrame" already stripped, so
/// `msg` is the plain data message players understand.
struct metadata {
    message msg;
};

/// The publisher stopped (FCUnpublish, closeStream or deleteStream of its stream).
struct unpublish {
    std::uint32_t stream_id = 0;
    std::string stream_name;
};

/// A player stopped (closeStream or deleteStream of its stream).
struct stop_play {
    std::uint32_t stream_id = 0;
    std::string stream_name;
};

/// A protocol error found while handling messages; the session wants to close.
struct error {
    std::error_code code;
};

}  // namespace server_events

/// One of the events above.
using server_event =
    std::variant<server_events::connect, server_events::publish, server_events::play,
                 server_events::media, server_events::metadata, server_events::unpublish,
                 server_events::stop_play, server_events::error>;

/// The server side of one RTMP connection, handshake included, sans-IO.
///
/// feed() only decodes; next_event() handles the decoded messages in order,
/// answers what needs no decision (createStream, ping, acknowledgements, ...)
/// and returns the events. After connect, publish or play it waits for the
/// decision (accept_... or reject_...) before it handles anything else, so
/// answers always leave in the order the client asked. Decoded messages wait
/// meanwhile: an adapter that decides asynchronously should stop reading while
/// decision_pending() to bound that memory.
///
/// Sending: the session encodes control messages on chunk stream 2 and
/// commands on 3 itself. Media goes on 5/6/7 (message.hpp), either through
/// send() or pre-encoded once for all players (encode_chunks at
/// out_chunk_size(), message stream id 1) through send_encoded().
class server_session {
public:
    /// `random` (at least 1536 bytes) and `epoch_ms` feed the handshake.
    server_session(server_options options, byte_span random, std::uint32_t epoch_ms);

    /// Consumes all of `in`. Errors (handshake or chunk stream) leave the
    /// session dead: send what take_output() still holds, then close.
    std::error_code feed(byte_span in);
    /// The next event, or nullopt when more input or a decision is needed.
    std::optional<server_event> next_event();

    /// Accepts the pending connect: Window Ack Size, Set Peer Bandwidth, Set
    /// Chunk Size, _result NetConnection.Connect.Success, onBWDone.
    void accept_connect();
    /// Refuses the pending connect with _error NetConnection.Connect.Rejected;
    /// the session then wants to close.
    void reject_connect(std::string_view description);
    /// Accepts a publish: onStatus NetStream.Publish.Start (and onFCPublish).
    void accept_publish(const server_events::publish& request);
    /// Refuses a publish with onStatus error `code` (e.g. status::publish_bad_name).
    void reject_publish(const server_events::publish& request, std::string_view code,
                        std::string_view description);
    /// Accepts a play: Stream Begin, NetStream.Play.Reset, NetStream.Play.Start,
    /// |RtmpSampleAccess, NetStream.Data.Start.
    void accept_play(const server_events::play& request);
    /// Refuses a play with onStatus error `code` (e.g. status::play_stream_not_found).
    void reject_play(const server_events::play& request, std::string_view code, std::string_view description);
    /// Refuses a play by sending the player to `url` (make_redirect_status).
    void redirect_play(const server_events::play& request, std::string_view url);

    /// Encodes `msg` with this connection's header compression. A chunk stream
    /// id of 0 picks default_chunk_stream(msg.type_id).
    void send(const message& msg);
    /// Queues chunks pre-encoded at out_chunk_size() (encode_chunks) as they
    /// are: the same buffer can go to every player (no copy).
    void send_encoded(lal::payload chunks);
    /// The same for chunks pre-encoded as pieces (encode_chunk_pieces): each
    /// piece is queued as it is, in order, and leaves in the same gathered write.
    void send_encoded(std::span<const lal::payload> pieces);
    /// For an adapter that writes pre-encoded pieces itself (no copy of the
    /// piece list into the session): call after taking the output and before
    /// queueing the pieces; keeps the header compression right.
    void sent_encoded(std::span<const lal::payload> pieces) { core_.sent_encoded(pieces); }
    /// Tells a player the stream ended: onStatus NetStream.Play.UnpublishNotify, Stream EOF.
    void send_unpublish_notify(std::uint32_t stream_id);
    /// User Control Stream EOF alone (RTMP spec 7.1.7), for a player whose stream ended.
    void send_stream_eof(std::uint32_t stream_id);
    /// Tells a waiting player the stream (re)started: Stream Begin, onStatus NetStream.Play.PublishNotify.
    void send_publish_notify(std::uint32_t stream_id);
    /// Sends a Ping Request carrying `now_ms`; the client answers with a Ping Response.
    void send_ping(std::uint32_t now_ms);

    /// Everything queued for the client, as buffers for one gathered write.
    /// Keep them alive until the write completes.
    std::vector<lal::payload> take_output();
    /// Bytes queued and not yet taken.
    std::size_t output_bytes_pending() const noexcept { return core_.pending_bytes(); }
    /// True once the session has nothing more to do: after an error or a
    /// rejected connect. Write what take_output() holds, then close.
    bool wants_close() const noexcept { return core_.wants_close(); }
    /// The error that ended the session, if any.
    std::error_code error() const noexcept { return core_.error(); }
    /// True while the session waits for accept_... or reject_....
    bool decision_pending() const noexcept { return pending_ != pending::none; }
    /// True once the handshake completed.
    bool handshake_done() const noexcept { return !handshake_; }
    /// The handshake the client used.
    handshake_mode handshake_mode_used() const noexcept { return core_.mode(); }
    /// True when C2 answered S1 correctly; informative only (ffmpeg publishing echoes S1).
    bool handshake_verified() const noexcept { return core_.handshake_verified(); }
    /// Chunk size of what we send now (server_options::chunk_size once connected).
    std::uint32_t out_chunk_size() const noexcept { return core_.encoder().chunk_size(); }
    /// The app of the accepted connect.
    const std::string& app() const noexcept { return app_; }
    /// Every byte received, handshake included.
    std::uint64_t bytes_received() const noexcept { return core_.bytes_received(); }

private:
    enum class pending { none, connect, publish, play };
    enum class role { none, publishing, playing };
    struct stream {
        std::uint32_t id = 0;
        role what = role::none;
        std::string name;
    };

    std::optional<server_event> handle(message& msg);
    std::optional<server_event> handle_command(const message& msg, command& cmd);
    std::optional<server_event> handle_data(message& msg);
    std::optional<server_event> end_stream(std::uint32_t stream_id);
    void queue(const message& msg) { core_.queue(msg); }
    stream* find_stream(std::uint32_t id) noexcept;
    stream* find_stream(role what, std::string_view name) noexcept;
    stream* publishing_stream(std::uint32_t stream_id) noexcept;

    server_options options_;
    std::unique_ptr<server_handshake> handshake_;  // until done
    detail::session_core core_;

    pending pending_ = pending::none;
    double connect_transaction_ = 0;
    double object_encoding_ = 0;
    std::vector<std::string> client_fourcc_list_;
    std::optional<std::vector<std::string>> client_v2_fourccs_;  // Enhanced RTMP v2 client: the FourCCs it named
    bool connected_ = false;
    bool fc_publish_ = false;
    std::string app_;
    std::vector<stream> streams_;
    std::deque<server_event> events_;
};

}  // namespace lal::rtmp
