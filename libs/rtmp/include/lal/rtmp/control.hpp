// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/rtmp/message.hpp>

// Protocol control messages (RTMP spec 5.4) and user control messages (RTMP
// spec 6.2, 7.1.7). All are built on chunk stream 2 with message stream id 0.
namespace lal::rtmp {

/// Limit type of Set Peer Bandwidth (RTMP spec 5.4.5).
enum class bandwidth_limit : std::uint8_t { hard = 0, soft = 1, dynamic = 2 };

/// User control event types (RTMP spec 7.1.7).
namespace user_event {
inline constexpr std::uint16_t stream_begin = 0;
inline constexpr std::uint16_t stream_eof = 1;
inline constexpr std::uint16_t stream_dry = 2;
inline constexpr std::uint16_t set_buffer_length = 3;
inline constexpr std::uint16_t stream_is_recorded = 4;
inline constexpr std::uint16_t ping_request = 6;
inline constexpr std::uint16_t ping_response = 7;
}  // namespace user_event

/// A decoded user control message.
struct user_control {
    std::uint16_t event = 0;          ///< user_event::...
    std::uint32_t value = 0;          ///< stream id, or the timestamp of a ping
    std::uint32_t buffer_length = 0;  ///< milliseconds; only for set_buffer_length
    friend bool operator==(const user_control&, const user_control&) = default;
};

/// A decoded Set Peer Bandwidth message.
struct peer_bandwidth {
    std::uint32_t window = 0;
    bandwidth_limit limit = bandwidth_limit::hard;
    friend bool operator==(const peer_bandwidth&, const peer_bandwidth&) = default;
};

/// Set Chunk Size (spec 5.4.1); `size` is 1..0x7fffffff.
message make_set_chunk_size(std::uint32_t size);
/// Abort Message (spec 5.4.2) for the partly sent message on `chunk_stream_id`.
message make_abort(std::uint32_t chunk_stream_id);
/// Acknowledgement (spec 5.4.3) of `sequence_number` bytes received so far.
message make_acknowledgement(std::uint32_t sequence_number);
/// Window Acknowledgement Size (spec 5.4.4).
message make_window_ack_size(std::uint32_t window);
/// Set Peer Bandwidth (spec 5.4.5).
message make_set_peer_bandwidth(std::uint32_t window, bandwidth_limit limit);
/// Any user control event (spec 7.1.7); the buffer length is written only for set_buffer_length.
message make_user_control(const user_control& event);
/// Stream Begin for `stream_id` (spec 7.1.7).
message make_stream_begin(std::uint32_t stream_id);
/// Stream EOF for `stream_id` (spec 7.1.7).
message make_stream_eof(std::uint32_t stream_id);
/// Stream Dry for `stream_id` (spec 7.1.7).
message make_stream_dry(std::uint32_t stream_id);
/// Stream Is Recorded for `stream_id` (spec 7.1.7).
message make_stream_is_recorded(std::uint32_t stream_id);
/// Set Buffer Length of `buffer_ms` for `stream_id` (spec 7.1.7).
message make_set_buffer_length(std::uint32_t stream_id, std::uint32_t buffer_ms);
/// Ping Request carrying the sender's `timestamp` (spec 7.1.7).
message make_ping_request(std::uint32_t timestamp);
/// Ping Response echoing the request's `timestamp` (spec 7.1.7).
message make_ping_response(std::uint32_t timestamp);

/// The 32-bit value of a Set Chunk Size, Abort, Acknowledgement or Window
/// Acknowledgement Size body. Error: errc::bad_control_message when shorter than 4 bytes.
lal::result<std::uint32_t> parse_u32_control(byte_span body);
/// A Set Peer Bandwidth body. Error: errc::bad_control_message.
lal::result<peer_bandwidth> parse_set_peer_bandwidth(byte_span body);
/// A user control body. Error: errc::bad_control_message when too short for its event.
lal::result<user_control> parse_user_control(byte_span body);

/// Decides when to acknowledge (RTMP spec 5.4.3, 5.4.4): once the peer has
/// sent a window's worth of bytes since the last acknowledgement.
class ack_window {
public:
    /// Sets the window the peer announced; 0 (the initial value) disables acknowledgements.
    void set_window(std::uint32_t window) noexcept { window_ = window; }
    /// The window in effect.
    std::uint32_t window() const noexcept { return window_; }
    /// Given all bytes received so far, the sequence number to acknowledge now, if any.
    std::optional<std::uint32_t> update(std::uint64_t bytes_received) noexcept;

private:
    std::uint32_t window_ = 0;
    std::uint64_t acked_ = 0;
};

}  // namespace lal::rtmp
