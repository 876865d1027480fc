// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/h3/frame.hpp>
#include <lal/h3/webtransport.hpp>
#include <lal/h3/wt_session.hpp>

namespace lal::h3 {

/// What a wt_client asks for and how much it holds.
struct client_options {
    session_limits limits{};
    std::string authority;               ///< :authority, e.g. "127.0.0.1:4433"
    std::string path = "/";              ///< :path of the extended CONNECT
    std::vector<std::string> protocols;  ///< wt-available-protocols, preferred first (empty: none sent)
    std::size_t max_early_bytes = 65536; ///< per stream of the session that arrives before the 200
};

namespace wt_event {
/// The server answered the extended CONNECT: 200 opens the session, any
/// other final status refuses it (RFC 9220 3, draft-ietf-webtrans-http3 3.3).
struct answered {
    int status = 0;
    std::string protocol;  ///< the wt-protocol the server chose, empty when none
};
}  // namespace wt_event

/// One event of wt_client::next_event; the stream and session events are the server's.
using client_event = std::variant<wt_event::answered, wt_event::stream_opened, wt_event::stream_data,
                                  wt_event::stream_reset, wt_event::datagram, wt_event::closed, wt_event::goaway>;

/// What a WebTransport client announces: a zero-size QPACK table, the field
/// section limit, HTTP datagrams and every WebTransport setting (servers
/// differ on which they look for, as browsers do).
settings webtransport_client_settings(std::uint64_t max_field_section_size = 16384);

/// Client side of HTTP/3 with one WebTransport session, sans-IO: the QUIC
/// layer opens the streams, feeds the server's stream bytes by stream id and
/// writes what take_output returns. It sends its SETTINGS, waits for the
/// server's (which must allow extended CONNECT, datagrams and WebTransport),
/// sends the extended CONNECT, then surfaces the session's streams. Streams
/// of the session that arrive before the 200 are held (bounded) until it
/// comes. Not thread-safe.
class wt_client {
public:
    /// A client that will ask for `options.path` at `options.authority`.
    explicit wt_client(client_options options);

    /// Queues our control stream (type, SETTINGS) and the two QPACK stream
    /// types on three unidirectional streams, and names the bidirectional
    /// stream the CONNECT goes on once the server's SETTINGS arrived.
    void start(std::uint64_t control_stream, std::uint64_t encoder_stream, std::uint64_t decoder_stream,
               std::uint64_t connect_stream);

    /// Consumes bytes of a server stream, or of a bidirectional stream of
    /// ours. An error is fatal to the connection: close it with application_error_code.
    std::error_code feed(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// Consumes one QUIC DATAGRAM payload; other sessions' are dropped (RFC 9297 2.1).
    std::error_code feed_datagram(byte_span datagram);
    /// The server reset `stream_id`.
    std::error_code on_stream_reset(std::uint64_t stream_id);

    /// The next event; empty when everything fed has been reported.
    std::optional<client_event> next_event();

    /// Writes the WebTransport header (signal 0x41 or type 0x54, then the
    /// session id; draft-ietf-webtrans-http3 4.1, 4.2) on a client stream the
    /// QUIC layer just opened; bad_state before the 200.
    std::error_code open_stream(std::uint64_t stream_id);
    /// Bytes, and a FIN, for a stream opened with open_stream.
    std::error_code send(std::uint64_t stream_id, byte_span bytes, bool fin);
    /// An HTTP datagram of the session (RFC 9297 2.1), for the QUIC layer's DATAGRAM frames.
    std::error_code send_datagram(byte_span payload);
    /// Leaves the session: CLOSE_WEBTRANSPORT_SESSION on the CONNECT stream, then its FIN (draft-ietf-webtrans-http3 6).
    std::error_code close(std::uint32_t code, std::string_view reason);

    /// What to write on the QUIC streams now (our SETTINGS, the CONNECT, WebTransport bytes, resets).
    std::vector<stream_chunk> take_output();
    /// HTTP datagrams to send as DATAGRAM frames now.
    std::vector<std::vector<std::byte>> take_datagrams();

    /// The session id (the CONNECT stream id) once the 200 arrived.
    std::optional<std::uint64_t> session_id() const noexcept;
    /// The server's SETTINGS, once received.
    const std::optional<settings>& peer_settings() const noexcept { return peer_settings_; }

private:
    enum class kind { unknown, control, ignored, early, wt, connect };
    struct stream {
        kind k = kind::unknown;
        std::vector<std::byte> head;  // type and session id bytes, or early bytes held
        frame_reader frames;          // control and CONNECT streams
        bool early_fin = false;       // an early stream's FIN arrived while it was held
        bool local_finished = false;  // our FIN went out (bidirectional streams of ours)
    };
    enum class state { idle, requested, established, closed };

    std::error_code fail(std::error_code ec);
    std::error_code on_bytes(std::uint64_t id, stream& s, byte_span bytes, bool fin);
    std::error_code on_header(std::uint64_t id, stream& s, bool fin);
    std::error_code on_control_frames(stream& s);
    std::error_code on_connect_frames(stream& s);
    std::error_code on_response(const frame& f);
    void send_connect();
    void release_early();
    void write(std::uint64_t id, byte_span bytes, bool fin);
    void ended(std::uint32_t code, std::string reason);

    client_options options_;
    std::map<std::uint64_t, stream> streams_;
    std::vector<client_event> events_;
    std::size_t next_event_ = 0;
    std::vector<stream_chunk> output_;
    std::vector<std::vector<std::byte>> datagrams_out_;
    std::optional<settings> peer_settings_;
    state state_ = state::idle;
    bool started_ = false;
    bool have_control_ = false;
    std::uint64_t connect_stream_ = 0;
    std::vector<std::byte> capsules_;  // capsule bytes of DATA frames on the CONNECT stream
    std::error_code error_;
};

}  // namespace lal::h3
