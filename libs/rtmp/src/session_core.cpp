// SPDX-License-Identifier: MIT
#include <lal/rtmp/detail/session_core.hpp>

#include <utility>

namespace lal::rtmp::detail {

// RTMP spec 5.4.3: acknowledge each window of bytes the peer sent.
void session_core::acknowledge() {
    if (auto sequence = acks_.update(bytes_received_)) queue(make_acknowledgement(*sequence));
}

std::optional<user_control> session_core::handle_control(const message& msg) {
    auto body = msg.body.bytes();
    if (msg.type_id == message_type::window_ack_size) {
        if (auto window = parse_u32_control(body)) {
            acks_.set_window(*window);
            acknowledge();
        }
    } else if (msg.type_id == message_type::user_control) {
        auto event = parse_user_control(body);
        if (!event) return std::nullopt;
        if (event->event == user_event::ping_request) queue(make_ping_response(event->value));
        return *event;
    }
    // Set Chunk Size and Abort were applied by the decoder.
    return std::nullopt;
}

void session_core::queue(const message& msg) {
    auto before = out_bytes_.size();
    encoder_.encode(msg, out_bytes_);
    pending_bytes_ += out_bytes_.size() - before;
}

void session_core::queue_bytes(std::vector<std::byte> bytes) {
    if (bytes.empty()) return;
    flush();
    pending_bytes_ += bytes.size();
    out_.push_back(lal::payload::adopt(std::move(bytes)));
}

void session_core::queue_encoded(std::span<const lal::payload> pieces) {
    if (pieces.empty() || pieces.front().empty()) return;
    flush();
    sent_encoded(pieces);
    for (const auto& p : pieces) {
        pending_bytes_ += p.size();
        out_.push_back(p);
    }
}

void session_core::sent_encoded(std::span<const lal::payload> pieces) {
    if (pieces.empty() || pieces.front().empty()) return;
    // Pre-encoded chunks start with a full type 0 header (in the first piece);
    // whatever this session sends next on that chunk stream must not lean on
    // older state.
    encoder_.reset(first_chunk_stream_id(pieces.front().bytes()));
}

std::vector<lal::payload> session_core::take_output() {
    flush();
    pending_bytes_ = 0;
    return std::exchange(out_, {});
}

void session_core::flush() {
    if (out_bytes_.empty()) return;
    out_.push_back(lal::payload::adopt(std::exchange(out_bytes_, {})));
}

void session_core::fail(std::error_code ec) noexcept {
    if (!error_) error_ = ec;
    wants_close_ = true;
}

}  // namespace lal::rtmp::detail
