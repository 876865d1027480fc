// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/http/websocket_error.hpp>
#include <lal/http/websocket_frame.hpp>

namespace lal::http::ws {

/// Which end decodes: a server reads masked client frames, a client unmasked
/// server frames (RFC 6455 5.1).
enum class role { server, client };

/// Bounds checked before anything is allocated.
struct decoder_limits {
    std::uint64_t max_frame_bytes = 1024 * 1024;        ///< one frame's payload -> 1009
    std::uint64_t max_message_bytes = 4 * 1024 * 1024;  ///< a reassembled message -> 1009
};

/// Incremental decoder of single frames (RFC 6455 5.2): header with 7-, 16- or
/// 64-bit length, masking key, payload unmasked into one buffer. Checks what a
/// frame alone can break: reserved bits, opcode, masking for the role, minimal
/// length, control frame size and FIN, max_frame_bytes. Fragmentation is the
/// message_reader's business.
class frame_decoder {
public:
    explicit frame_decoder(role r, decoder_limits limits = {});

    /// Consumes all of `in`. After an error the decoder is dead: send a close
    /// with close_code_for(ec) and close the connection.
    std::error_code feed(byte_span in);
    /// The next complete frame; empty when more input is needed.
    std::optional<frame> next();
    /// True when part of a frame has arrived.
    bool in_progress() const noexcept { return header_size_ > 0 || have_header_; }

private:
    std::size_t header_need() const noexcept;
    std::error_code parse_header();
    std::error_code fail(std::error_code ec);

    role role_;
    decoder_limits limits_;
    std::byte header_[14] = {};
    std::size_t header_size_ = 0;
    bool have_header_ = false;
    frame current_;
    std::uint64_t length_ = 0;
    std::vector<std::byte> payload_;
    std::deque<frame> ready_;
    std::error_code error_;
};

/// A complete text or binary message, fragments joined (RFC 6455 5.4).
struct message {
    opcode type = opcode::binary;  ///< text or binary
    lal::payload data;             ///< the whole message; the frame's own buffer when unfragmented
};

/// A ping to answer with a pong carrying the same data (RFC 6455 5.5.2).
struct ping {
    lal::payload data;  ///< application data to echo, at most 125 bytes
};

/// A pong (RFC 6455 5.5.3).
struct pong {
    lal::payload data;  ///< application data, at most 125 bytes
};

/// The peer's close (RFC 6455 5.5.1): answer with a close, then close the connection.
struct close_frame {
    std::uint16_t code = static_cast<std::uint16_t>(close_code::no_status);  ///< 1005 when none was given
    std::string reason;  ///< UTF-8, possibly empty
};

/// What message_reader::next() yields.
using event = std::variant<message, ping, pong, close_frame>;

/// Incremental reader of a WebSocket byte stream: frames are decoded, fragments
/// joined within max_message_bytes, text and close reasons checked as UTF-8 (RFC
/// 6455 8.1), close payloads checked (RFC 6455 7.4). Control frames may arrive
/// between fragments. Bytes after a close frame are ignored (RFC 6455 5.5.1).
class message_reader {
public:
    explicit message_reader(role r, decoder_limits limits = {});

    /// Consumes all of `in`. After an error the reader is dead: send a close with
    /// close_code_for(ec) and close the connection.
    std::error_code feed(byte_span in);
    /// The next event; empty when more input is needed.
    std::optional<event> next();
    /// True once the peer's close frame has been read.
    bool closed() const noexcept { return closed_; }

private:
    std::error_code on_frame(frame&& f);
    std::error_code fail(std::error_code ec);

    decoder_limits limits_;
    frame_decoder frames_;
    bool in_message_ = false;
    opcode message_type_ = opcode::binary;
    std::vector<std::byte> fragments_;
    bool closed_ = false;
    std::deque<event> events_;
    std::error_code error_;
};

/// True when `text` is well-formed UTF-8 (RFC 3629 4: no overlongs, no
/// surrogates, nothing above U+10FFFF).
bool is_valid_utf8(byte_span text) noexcept;

}  // namespace lal::http::ws
