// SPDX-License-Identifier: MIT
#include <lal/rtmp/control.hpp>

#include <vector>

#include <lal/base/byte_reader.hpp>
#include <lal/rtmp/error.hpp>

namespace lal::rtmp {
namespace {

message control(std::uint8_t type_id, const std::vector<std::byte>& body) {
    message m;
    m.type_id = type_id;
    m.chunk_stream_id = chunk_stream::protocol_control;
    m.body = lal::payload::copy_from(body);
    return m;
}

message u32_control(std::uint8_t type_id, std::uint32_t value) {
    std::vector<std::byte> body;
    byte_writer(body).u32(value);
    return control(type_id, body);
}

}  // namespace

message make_set_chunk_size(std::uint32_t size) { return u32_control(message_type::set_chunk_size, size & 0x7fffffff); }
message make_abort(std::uint32_t chunk_stream_id) { return u32_control(message_type::abort, chunk_stream_id); }
message make_acknowledgement(std::uint32_t sequence_number) {
    return u32_control(message_type::acknowledgement, sequence_number);
}
message make_window_ack_size(std::uint32_t window) { return u32_control(message_type::window_ack_size, window); }

message make_set_peer_bandwidth(std::uint32_t window, bandwidth_limit limit) {
    std::vector<std::byte> body;
    byte_writer w(body);
    w.u32(window);
    w.u8(static_cast<std::uint8_t>(limit));
    return control(message_type::set_peer_bandwidth, body);
}

// RTMP spec 6.2: event type (16 bits) then event data; 7.1.7 gives the data of
// each event: a 4-byte stream id or timestamp, plus a 4-byte length for Set Buffer Length.
message make_user_control(const user_control& event) {
    std::vector<std::byte> body;
    byte_writer w(body);
    w.u16(event.event);
    w.u32(event.value);
    if (event.event == user_event::set_buffer_length) w.u32(event.buffer_length);
    return control(message_type::user_control, body);
}

message make_stream_begin(std::uint32_t stream_id) { return make_user_control({user_event::stream_begin, stream_id}); }
message make_stream_eof(std::uint32_t stream_id) { return make_user_control({user_event::stream_eof, stream_id}); }
message make_stream_dry(std::uint32_t stream_id) { return make_user_control({user_event::stream_dry, stream_id}); }
message make_stream_is_recorded(std::uint32_t stream_id) {
    return make_user_control({user_event::stream_is_recorded, stream_id});
}
message make_set_buffer_length(std::uint32_t stream_id, std::uint32_t buffer_ms) {
    return make_user_control({user_event::set_buffer_length, stream_id, buffer_ms});
}
message make_ping_request(std::uint32_t timestamp) { return make_user_control({user_event::ping_request, timestamp}); }
message make_ping_response(std::uint32_t timestamp) {
    return make_user_control({user_event::ping_response, timestamp});
}

lal::result<std::uint32_t> parse_u32_control(byte_span body) {
    byte_reader r(body);
    auto v = r.u32();
    if (!v) return errc::bad_control_message;
    return *v;
}

lal::result<peer_bandwidth> parse_set_peer_bandwidth(byte_span body) {
    byte_reader r(body);
    auto window = r.u32();
    auto limit = r.u8();
    if (!window || !limit || *limit > 2) return errc::bad_control_message;
    return peer_bandwidth{*window, static_cast<bandwidth_limit>(*limit)};
}

lal::result<user_control> parse_user_control(byte_span body) {
    byte_reader r(body);
    auto event = r.u16();
    if (!event) return errc::bad_control_message;
    user_control out;
    out.event = *event;
    // Events we do not know may carry anything; known ones need their 4 bytes.
    auto value = r.u32();
    if (value) out.value = *value;
    else if (*event <= user_event::ping_response) return errc::bad_control_message;
    if (*event == user_event::set_buffer_length) {
        auto length = r.u32();
        if (!length) return errc::bad_control_message;
        out.buffer_length = *length;
    }
    return out;
}

std::optional<std::uint32_t> ack_window::update(std::uint64_t bytes_received) noexcept {
    if (window_ == 0 || bytes_received - acked_ < window_) return std::nullopt;
    acked_ = bytes_received;
    // RTMP spec 5.4.3: the sequence number is the byte count so far, in 32 bits.
    return static_cast<std::uint32_t>(bytes_received);
}

}  // namespace lal::rtmp
