// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/rtmp/message.hpp>

namespace lal::rtmp {

/// The chunk size both sides start with (RTMP spec 5.4.1).
inline constexpr std::uint32_t default_chunk_size = 128;

/// Caps that keep a peer from making the decoder allocate without bound. Each
/// is checked before anything is allocated; a breach is an error.
struct decoder_limits {
    /// Largest message length accepted (the wire allows 16 MiB - 1).
    std::uint32_t max_message_size = 8 * 1024 * 1024;
    /// Largest Set Chunk Size accepted.
    std::uint32_t max_chunk_size = 16 * 1024 * 1024;
    /// Most distinct chunk stream ids a peer may use.
    std::size_t max_chunk_streams = 64;
};

/// Reassembles messages from an RTMP chunk stream (RTMP spec 5.3), sans-IO:
/// feed() consumes every byte and keeps partial headers and messages inside;
/// complete messages come out of next(). Set Chunk Size and Abort messages are
/// applied the moment they complete (the chunks after them depend on it) and
/// are still delivered. Aggregate messages are delivered whole: see split_aggregate().
///
/// Peer quirks it accepts:
/// - An extended timestamp (spec 5.3.1.3) repeated on type 3 chunks or not: on a
///   type 3 chunk of a chunk stream whose last header had one, the next 4 bytes
///   are taken as a repeat when they equal it, as payload otherwise. A payload
///   that starts with those exact 4 bytes is misread; no peer can be decoded
///   without this guess. Such a chunk waits until 4 bytes are there.
/// - A type 3 chunk starting a message right after a type 0 header adds the
///   type 0 timestamp as the delta (what ffmpeg and librtmp senders mean).
/// - A type 1 header on a chunk stream never started takes message stream id 0.
/// - A type 0/1/2 header on a chunk stream with a message half received drops
///   that message and starts the new one.
class chunk_decoder {
public:
    /// A decoder with the initial chunk size of 128 bytes.
    explicit chunk_decoder(decoder_limits limits = {});

    /// Consumes all of `in`. Errors: missing_chunk_header, message_too_large,
    /// too_many_chunk_streams, chunk_size_too_large, bad_chunk_size,
    /// bad_control_message. After an error the decoder is dead: close the connection.
    std::error_code feed(byte_span in);
    /// Zero-copy mode: as feed(byte_span), but a message that comes whole in
    /// one chunk of `in` gets a slice of `in` as its body (sharing its
    /// storage) instead of a copy. Messages cut by chunk headers or by the end
    /// of `in` are assembled by copying, as feed(byte_span) does. The messages
    /// are the same whichever feed is used.
    std::error_code feed(const lal::payload& in);
    /// Next complete message; empty when more input is needed.
    std::optional<message> next();

    /// Sets the size of the peer's chunks from now on (RTMP spec 5.4.1); done
    /// internally when a Set Chunk Size message arrives. Errors as for feed().
    std::error_code set_peer_chunk_size(std::uint32_t size);
    /// The size of the peer's chunks now.
    std::uint32_t peer_chunk_size() const noexcept { return chunk_size_; }
    /// Every byte fed so far, for acknowledgements (RTMP spec 5.4.3).
    std::uint64_t bytes_received() const noexcept { return bytes_received_; }
    /// The error that killed the decoder, if any.
    std::error_code error() const noexcept { return error_; }
    /// Number of chunk stream ids the peer has used.
    std::size_t chunk_stream_count() const noexcept { return streams_.size(); }

private:
    struct stream_state {
        std::uint32_t csid = 0;
        std::uint32_t timestamp = 0;        // absolute timestamp of the current message
        std::uint32_t delta = 0;            // added by a type 3 chunk starting a message
        std::uint32_t length = 0;
        std::uint32_t stream_id = 0;
        std::uint8_t type_id = 0;
        bool extended = false;              // last type 0/1/2 header had an extended timestamp
        std::uint32_t extended_value = 0;
        bool in_progress = false;           // a message is partly received
        std::vector<std::byte> body;
    };

    std::error_code feed(byte_span in, const lal::payload* source);
    std::size_t run(byte_span in, const lal::payload* source, std::size_t source_offset);
    std::optional<std::size_t> read_header(byte_span in);
    void start_message(stream_state& s);
    void finish_message(stream_state& s, lal::payload body);
    stream_state* find(std::uint32_t csid) noexcept;
    void fail(std::error_code ec) noexcept { error_ = ec; }

    decoder_limits limits_;
    std::uint32_t chunk_size_ = default_chunk_size;
    std::uint64_t bytes_received_ = 0;
    std::error_code error_;
    std::vector<stream_state> streams_;
    std::size_t current_ = 0;           // index in streams_ of the chunk being read
    std::uint32_t chunk_left_ = 0;      // payload bytes of the current chunk still to read
    bool in_payload_ = false;
    std::vector<std::byte> stash_;      // an incomplete header carried to the next feed
    std::deque<message> ready_;
};

}  // namespace lal::rtmp
