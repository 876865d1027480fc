// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/h3/frame.hpp>
#include <lal/h3/qpack.hpp>
#include <lal/h3/webtransport.hpp>

namespace lal::h3 {

/// Limits of one wt_session (one HTTP/3 connection).
struct session_limits {
    frame_limits frames{};         ///< largest HEADERS, SETTINGS or capsule-carrying DATA frame
    field_limits fields{};         ///< decoded request size
    std::size_t max_streams = 1024;  ///< streams tracked at once
};

/// What a wt_session is configured with.
struct session_options {
    session_limits limits{};
    std::vector<std::string> protocols;  ///< WebTransport subprotocols we speak, preferred first
};

/// Events a wt_session reports, named after what arrived on the wire.
namespace wt_event {
/// An extended CONNECT; answer with wt_session::accept or reject.
struct connect {
    std::uint64_t stream_id = 0;
    connect_request request;
};
/// The peer opened a WebTransport stream of the session.
struct stream_opened {
    std::uint64_t stream_id = 0;
    bool bidirectional = false;
};
/// Bytes of a WebTransport stream (after its header); `fin` ends it.
struct stream_data {
    std::uint64_t stream_id = 0;
    std::vector<std::byte> bytes;
    bool fin = false;
};
/// The peer reset a WebTransport stream.
struct stream_reset {
    std::uint64_t stream_id = 0;
};
/// A datagram of the session (RFC 9297 2.1), without its Quarter Stream ID.
struct datagram {
    std::vector<std::byte> payload;
};
/// The session ended: CLOSE_WEBTRANSPORT_SESSION, or the CONNECT stream ended.
struct closed {
    std::uint32_t code = 0;
    std::string reason;
};
/// The peer sent GOAWAY (RFC 9114 5.2).
struct goaway {
    std::uint64_t id = 0;
};
}  // namespace wt_event

/// One event of wt_session::next_event.
using session_event = std::variant<wt_event::connect, wt_event::stream_opened, wt_event::stream_data,
                                   wt_event::stream_reset, wt_event::datagram, wt_event::closed,
                                   wt_event::goaway>;

/// Bytes to write on one QUIC stream, then a FIN; or, when `reset` is set,
/// abort the stream with that code (RESET_STREAM / STOP_SENDING).
struct stream_chunk {
    std::uint64_t stream_id = 0;
    std::vector<std::byte> bytes;
    bool fin = false;
    std::optional<std::uint64_t> reset;
};

/// Server side of HTTP/3 with one WebTransport session, sans-IO: the QUIC
/// layer feeds stream bytes by stream id and writes what take_output returns.
/// It answers plain requests with 404, accepts one extended CONNECT, then
/// surfaces that session's streams and datagrams. Not thread-safe.
class wt_session {
public:
    /// A session that speaks `options.protocols`.
    explicit wt_session(session_options options = {});

    /// Queues our control stream (type, SETTINGS) and the two QPACK stream
    /// types on the three unidirectional streams the QUIC layer opened.
    void start(std::uint64_t control_stream, std::uint64_t encoder_stream, std::uint64_t decoder_stream);

    /// Consumes bytes of a peer-initiated (or our own bidirectional) stream.
    /// An error is fatal to the connection: close it with application_error_code.
    std::error_code feed(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// Consumes one QUIC DATAGRAM frame's payload; datagrams of other or
    /// unknown sessions are dropped (RFC 9297 2.1).
    std::error_code feed_datagram(byte_span datagram);
    /// The peer reset `stream_id`.
    std::error_code on_stream_reset(std::uint64_t stream_id);

    /// The next event; empty when everything fed has been reported.
    std::optional<session_event> next_event();

    /// Answers the pending CONNECT with 200 and `protocol` (empty: none chosen).
    std::error_code accept(std::string_view protocol);
    /// Answers the pending CONNECT with `status` (4xx/5xx) and ends its stream.
    std::error_code reject(int status);
    /// Starts a WebTransport stream on a stream id the QUIC layer opened.
    std::error_code open_stream(std::uint64_t stream_id);
    /// Queues bytes on an open WebTransport stream.
    std::error_code send(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// Queues a datagram of the session.
    std::error_code send_datagram(byte_span payload);
    /// Ends the session with CLOSE_WEBTRANSPORT_SESSION and a FIN (draft-ietf-webtrans-http3 6).
    std::error_code close(std::uint32_t code, std::string_view reason);

    /// Stream writes queued since the last call, in order.
    std::vector<stream_chunk> take_output();
    /// Datagrams queued since the last call.
    std::vector<std::vector<std::byte>> take_datagrams();

    /// The session id (its CONNECT stream id) once accepted.
    std::optional<std::uint64_t> session_id() const noexcept;
    /// The peer's SETTINGS, once received.
    const std::optional<settings>& peer_settings() const noexcept { return peer_settings_; }

private:
    enum class kind { unknown, request, connect, control, ignored, wt_pending, wt, done };
    struct stream {
        kind k = kind::unknown;
        std::vector<std::byte> head;  // stream header bytes not yet complete
        frame_reader frames;
        bool headers_seen = false;
        bool local = false;
        bool peer_finished = false;
        bool local_finished = false;
        std::vector<std::byte> capsules;  // capsule bytes from DATA frames (CONNECT stream)
    };
    enum class state { idle, pending, established, closed };

    std::error_code fail(std::error_code ec);
    std::error_code on_bytes(std::uint64_t id, stream& s, byte_span bytes, bool fin);
    std::error_code on_frames(std::uint64_t id, stream& s, bool fin);
    std::error_code on_request_headers(std::uint64_t id, stream& s, const frame& f);
    std::error_code on_capsules(stream& s);
    void write(std::uint64_t id, byte_span bytes, bool fin);
    void reset(std::uint64_t id, std::uint64_t code);
    void session_ended(std::uint32_t code, std::string reason);

    session_options options_;
    std::map<std::uint64_t, stream> streams_;
    std::vector<session_event> events_;
    std::size_t next_event_ = 0;
    std::vector<stream_chunk> output_;
    std::vector<std::vector<std::byte>> datagrams_out_;
    std::optional<settings> peer_settings_;
    bool have_control_ = false;
    state state_ = state::idle;
    std::uint64_t connect_stream_ = 0;
    bool connect_draft02_ = false;
    std::error_code error_;
};

}  // namespace lal::h3
