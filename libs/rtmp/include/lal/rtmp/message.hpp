// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/payload.hpp>

namespace lal::rtmp {

/// Message type ids (RTMP spec 5.4 protocol control, 6.2 user control, 7.1 RTMP messages).
namespace message_type {
inline constexpr std::uint8_t set_chunk_size = 1;         ///< spec 5.4.1
inline constexpr std::uint8_t abort = 2;                  ///< spec 5.4.2
inline constexpr std::uint8_t acknowledgement = 3;        ///< spec 5.4.3
inline constexpr std::uint8_t user_control = 4;           ///< spec 6.2, 7.1.7
inline constexpr std::uint8_t window_ack_size = 5;        ///< spec 5.4.4
inline constexpr std::uint8_t set_peer_bandwidth = 6;     ///< spec 5.4.5
inline constexpr std::uint8_t audio = 8;                  ///< spec 7.1.4
inline constexpr std::uint8_t video = 9;                  ///< spec 7.1.5
inline constexpr std::uint8_t data_amf3 = 15;             ///< spec 7.1.2
inline constexpr std::uint8_t shared_object_amf3 = 16;    ///< spec 7.1.3
inline constexpr std::uint8_t command_amf3 = 17;          ///< spec 7.1.1
inline constexpr std::uint8_t data_amf0 = 18;             ///< spec 7.1.2
inline constexpr std::uint8_t shared_object_amf0 = 19;    ///< spec 7.1.3
inline constexpr std::uint8_t command_amf0 = 20;          ///< spec 7.1.1
inline constexpr std::uint8_t aggregate = 22;             ///< spec 7.1.6
}  // namespace message_type

/// Chunk stream ids lal uses when it sends. A session encodes its control
/// messages (2) and commands (3) itself with header compression; media goes on
/// 5/6/7 whether the session encodes it (send()) or it was encoded once for many
/// subscribers (encode_chunks + send_encoded()). Never pre-encode on 2 or 3.
namespace chunk_stream {
inline constexpr std::uint32_t protocol_control = 2;  ///< spec 5.4: control messages use csid 2
inline constexpr std::uint32_t command = 3;           ///< commands and their answers
inline constexpr std::uint32_t data = 5;              ///< data messages (onMetaData, |RtmpSampleAccess)
inline constexpr std::uint32_t audio = 6;             ///< audio messages
inline constexpr std::uint32_t video = 7;             ///< video messages
inline constexpr std::uint32_t min_id = 2;            ///< smallest id a basic header can carry (spec 5.3.1.1)
inline constexpr std::uint32_t max_id = 65599;        ///< largest id a basic header can carry (spec 5.3.1.1)
}  // namespace chunk_stream

/// The csid lal sends a message type on: audio 6, video 7, control 2,
/// commands 3, anything else (data, aggregate, shared objects) 5.
constexpr std::uint32_t default_chunk_stream(std::uint8_t type_id) noexcept {
    switch (type_id) {
    case message_type::set_chunk_size:
    case message_type::abort:
    case message_type::acknowledgement:
    case message_type::user_control:
    case message_type::window_ack_size:
    case message_type::set_peer_bandwidth: return chunk_stream::protocol_control;
    case message_type::command_amf0:
    case message_type::command_amf3: return chunk_stream::command;
    case message_type::audio: return chunk_stream::audio;
    case message_type::video: return chunk_stream::video;
    default: return chunk_stream::data;
    }
}

/// One RTMP message (spec 6.1): header fields plus the reassembled body, which
/// is shared, never copied, by everyone who keeps the message.
struct message {
    std::uint8_t type_id = 0;              ///< message_type::...
    std::uint32_t timestamp = 0;           ///< absolute, in milliseconds (wraps at 2^32)
    std::uint32_t message_stream_id = 0;   ///< 0 for control and NetConnection commands
    std::uint32_t chunk_stream_id = 0;     ///< csid it arrived on, or to send it on
    lal::payload body;                     ///< the message payload

    friend bool operator==(const message&, const message&) = default;
};

}  // namespace lal::rtmp
