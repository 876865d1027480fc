// SPDX-License-Identifier: MIT
#pragma once

#include <sys/socket.h>

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/quic/credentials.hpp>
#include <lal/quic/error.hpp>

namespace lal::quic {

/// Nanoseconds on the caller's monotonic clock; the library never reads a clock.
using timestamp = std::uint64_t;
/// expiry() when no timer is needed.
inline constexpr timestamp no_expiry = ~timestamp{0};

/// A UDP address (IPv4 or IPv6) as the socket layer gives it.
struct endpoint {
    sockaddr_storage storage{};
    socklen_t size = 0;
};

/// A connection ID (RFC 9000 5.1), at most 20 bytes; ordered so it can key a map.
struct connection_id {
    std::array<std::uint8_t, 20> bytes{};
    std::uint8_t size = 0;
    /// The bytes in use.
    byte_span view() const noexcept { return {reinterpret_cast<const std::byte*>(bytes.data()), size}; }
    friend bool operator==(const connection_id&, const connection_id&) = default;
    friend auto operator<=>(const connection_id&, const connection_id&) = default;
};

/// Bounds that keep one connection's memory finite whatever the peer does.
struct limits {
    std::uint64_t max_streams_bidi = 128;        ///< peer bidirectional streams open at once (RFC 9000 4.6)
    std::uint64_t max_streams_uni = 128;         ///< peer unidirectional streams open at once
    std::uint64_t stream_window = 256 * 1024;    ///< receive window per stream (RFC 9000 4.1)
    std::uint64_t connection_window = 1 << 20;   ///< receive window of the connection
    std::size_t max_send_queue = 4 << 20;        ///< bytes queued and not yet acknowledged, per stream
    std::size_t max_datagram_frame_size = 1200;  ///< transport parameter (RFC 9221 3)
    std::size_t max_datagrams_queued = 256;      ///< datagrams kept each way before dropping
    std::uint64_t idle_timeout_ms = 30000;       ///< max_idle_timeout (RFC 9000 10.1)
    std::size_t max_packets_per_flush = 128;     ///< packets one take_datagrams call builds
};

/// How a connection is configured.
struct options {
    quic::limits limits{};
    std::string alpn = "h3";   ///< the one ALPN protocol we speak (RFC 9001 8.1)
    std::string server_name;   ///< client only: SNI
};

/// Events a connection reports, named after what happened on the wire.
namespace event {
/// The TLS handshake finished (RFC 9001 4.1.1); `alpn` is the protocol agreed.
struct handshake_completed {
    std::string alpn;
};
/// Bytes of a stream in order; `fin` marks its end (RFC 9000 2.2).
struct stream_data {
    std::int64_t stream_id = 0;
    std::vector<std::byte> bytes;
    bool fin = false;
};
/// The peer abandoned sending on a stream (RESET_STREAM, RFC 9000 19.4). A peer's
/// STOP_SENDING (19.5) is answered by ngtcp2 with RESET_STREAM and drops our queue.
struct stream_reset {
    std::int64_t stream_id = 0;
    std::uint64_t code = 0;
};
/// One DATAGRAM frame's payload (RFC 9221 4).
struct datagram {
    std::vector<std::byte> bytes;
};
/// The connection ended: the peer's CONNECTION_CLOSE, an idle timeout, or an error.
struct closed {
    std::uint64_t code = 0;
    bool application = false;  ///< `code` is an application error code, not a transport one
    std::string reason;
};
}  // namespace event

/// One event of connection::next_event.
using connection_event = std::variant<event::handshake_completed, event::stream_data, event::stream_reset,
                                      event::datagram, event::closed>;

/// Counters of one connection.
struct connection_stats {
    std::uint64_t datagrams_dropped = 0;  ///< DATAGRAM frames dropped (queue full either way)
    std::uint64_t writes_refused = 0;     ///< write() calls refused with queue_full
};

/// One QUIC connection over ngtcp2 and GnuTLS (TLS 1.3), sans-IO: UDP
/// payloads and timestamps in, UDP payloads and events out. A server
/// connection starts from a client's first Initial; a client connection
/// (tests, load tools) starts itself. Not thread-safe: one owner thread.
class connection {
public:
    /// A server connection for the Initial `packet` from `remote`; the packet is processed.
    static lal::result<std::unique_ptr<connection>> accept(std::shared_ptr<const credentials> creds,
                                                           const options& opts, byte_span packet,
                                                           const endpoint& local, const endpoint& remote,
                                                           timestamp now);
    /// A client connection; its first flight comes out of take_datagrams.
    static lal::result<std::unique_ptr<connection>> connect(std::shared_ptr<const credentials> creds,
                                                            const options& opts, const endpoint& local,
                                                            const endpoint& remote, timestamp now);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    /// Processes one UDP payload from `remote`. An error means the connection
    /// is closing: send take_datagrams() once more, then drop it.
    std::error_code receive(byte_span datagram, const endpoint& remote, timestamp now);
    /// The next event; empty when everything received has been reported.
    /// Taking stream bytes reopens that much receive window (RFC 9000 4.2).
    std::optional<connection_event> next_event();

    /// Opens a unidirectional stream of ours (stream_blocked: peer limit reached).
    lal::result<std::int64_t> open_uni_stream();
    /// Opens a bidirectional stream of ours.
    lal::result<std::int64_t> open_bidi_stream();
    /// Queues `bytes` (and a FIN) on a stream; refused with queue_full, queuing
    /// nothing, when the stream's unacknowledged bytes would pass the bound.
    std::error_code write(std::int64_t stream_id, byte_span bytes, bool fin);
    /// Aborts both directions of a stream with an application code (RFC 9000 3.5).
    std::error_code reset_stream(std::int64_t stream_id, std::uint64_t code);
    /// Queues one DATAGRAM frame (RFC 9221); dropped and counted when the queue is full.
    std::error_code send_datagram(byte_span bytes);
    /// Closes with an application error code (RFC 9000 10.2); the CONNECTION_CLOSE
    /// leaves with the next take_datagrams, after which the connection is done.
    void close(std::uint64_t application_code, std::string_view reason);

    /// Builds the UDP payloads to send now (packets, acks, retransmissions).
    std::vector<std::vector<std::byte>> take_datagrams(timestamp now);
    /// When on_expiry must next run; no_expiry when never.
    timestamp expiry() const noexcept;
    /// Runs loss detection, idle and handshake timers (RFC 9002 6); an error means closing.
    std::error_code on_expiry(timestamp now);

    /// Bytes queued on a stream and not yet acknowledged (0 for unknown streams).
    std::size_t queued(std::int64_t stream_id) const noexcept;
    /// True once the handshake completed.
    bool handshake_completed() const noexcept;
    /// True when nothing more will be sent or received: drop the connection.
    bool is_done() const noexcept;
    /// Connection IDs this connection answers to that appeared since the last call.
    std::vector<connection_id> take_new_ids();
    /// Connection IDs it no longer answers to, since the last call.
    std::vector<connection_id> take_retired_ids();
    /// The peer's address of the last packet received.
    const endpoint& remote() const noexcept;
    /// Counters.
    const connection_stats& stats() const noexcept;

    struct impl;

private:
    explicit connection(std::unique_ptr<impl> p) noexcept;
    std::unique_ptr<impl> impl_;
};

}  // namespace lal::quic
