// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <system_error>
#include <type_traits>

namespace lal::http::ws {

/// Close status codes (RFC 6455 7.4.1).
enum class close_code : std::uint16_t {
    normal = 1000,
    going_away = 1001,
    protocol_error = 1002,
    unsupported_data = 1003,
    no_status = 1005,  ///< reported when a close frame carries no code; never sent
    abnormal = 1006,   ///< the connection dropped without a close frame; never sent
    invalid_payload = 1007,
    policy_violation = 1008,
    message_too_big = 1009,
    internal_error = 1011,
};

/// Errors of the WebSocket frame decoder. Each leaves the decoder dead: send a
/// close frame with close_code_for(ec) and close the connection (RFC 6455 7.1.7).
enum class errc {
    reserved_bits = 1,     ///< RSV1-3 set with no extension negotiated (RFC 6455 5.2)
    unknown_opcode,        ///< opcode 3-7 or 11-15 (RFC 6455 5.2)
    bad_mask,              ///< a client frame unmasked or a server frame masked (RFC 6455 5.1)
    non_minimal_length,    ///< payload length not in its shortest form (RFC 6455 5.2)
    length_msb_set,        ///< 64-bit payload length with its top bit set (RFC 6455 5.2)
    control_too_long,      ///< control frame payload over 125 bytes (RFC 6455 5.5)
    control_fragmented,    ///< control frame without FIN (RFC 6455 5.5)
    unexpected_continuation, ///< continuation frame with no message started (RFC 6455 5.4)
    expected_continuation, ///< new data frame inside a fragmented message (RFC 6455 5.4)
    frame_too_large,       ///< frame payload over decoder_limits::max_frame_bytes
    message_too_large,     ///< reassembled message over decoder_limits::max_message_bytes
    bad_close_payload,     ///< close payload of one byte, or a code not allowed on the wire (RFC 6455 7.4)
    invalid_utf8,          ///< text message or close reason not UTF-8 (RFC 6455 8.1)
};

/// The category of lal::http::ws::errc ("lal.http.websocket").
const std::error_category& category() noexcept;

/// Makes an error_code of the websocket category.
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

/// The close code to send for a decoder error: 1009 for size limits, 1007 for
/// bad UTF-8, 1002 for every other protocol error, 1011 for foreign errors.
close_code close_code_for(std::error_code ec) noexcept;

}  // namespace lal::http::ws

template <>
struct std::is_error_code_enum<lal::http::ws::errc> : std::true_type {};
