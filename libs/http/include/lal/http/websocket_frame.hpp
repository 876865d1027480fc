// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/http/websocket_error.hpp>

namespace lal::http::ws {

/// Frame opcodes (RFC 6455 5.2, 11.8).
enum class opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xa,
};

/// True for close, ping and pong (RFC 6455 5.5: opcodes with the top bit set).
constexpr bool is_control(opcode op) noexcept { return (static_cast<std::uint8_t>(op) & 0x8) != 0; }

/// The 32-bit key a client masks each frame with (RFC 6455 5.3).
using masking_key = std::array<std::byte, 4>;

/// Control frames carry at most 125 payload bytes (RFC 6455 5.5).
constexpr std::size_t max_control_payload = 125;

/// One frame as decoded: its payload already unmasked.
struct frame {
    bool fin = true;             ///< last frame of its message (RFC 6455 5.2 FIN)
    opcode op = opcode::binary;  ///< what the payload is
    bool masked = false;         ///< the sender masked it (every client frame)
    masking_key key{};           ///< meaningful when masked
    lal::payload data;           ///< unmasked payload
};

/// XORs `data` with `key` (RFC 6455 5.3), `offset` being the position of
/// data[0] within the frame's payload. Masking and unmasking are the same.
void apply_mask(std::span<std::byte> data, const masking_key& key, std::uint64_t offset = 0) noexcept;

/// A frame header (RFC 6455 5.2) with the shortest length form; masked with `key`
/// when given, in which case the payload must be masked by the caller.
lal::payload encode_header(opcode op, bool fin, std::uint64_t length, const std::optional<masking_key>& key = {});

/// The header of an unfragmented, unmasked binary frame of `length` bytes: the
/// server sends it, then the payload itself, so a payload shared by many
/// connections is never copied.
lal::payload binary_message_header(std::uint64_t length);

/// Appends an unmasked frame (server side, RFC 6455 5.1) to `out`: its header,
/// then the payloads themselves, shared and not copied.
void append_frame(opcode op, std::span<const lal::payload> data, std::vector<lal::payload>& out, bool fin = true);

/// One whole frame in one buffer: unmasked (server), or masked with `key`
/// (client, RFC 6455 5.3: a fresh unpredictable key per frame, from the caller).
lal::payload encode_frame(opcode op, byte_span data, const std::optional<masking_key>& key = {}, bool fin = true);

/// A close frame with `code` and a UTF-8 `reason` cut to fit 125 bytes (RFC 6455
/// 5.5.1); code no_status sends an empty payload.
lal::payload encode_close(close_code code, std::string_view reason = {}, const std::optional<masking_key>& key = {});

}  // namespace lal::http::ws
