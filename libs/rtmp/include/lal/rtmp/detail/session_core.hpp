// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/message.hpp>

namespace lal::rtmp::detail {

/// The plumbing client_session and server_session share: the handshake's
/// hand-over to the chunk stream, chunk decoding and encoding, the
/// acknowledgement window, the control messages both sides answer alike,
/// output buffering and the failure state.
class session_core {
public:
    explicit session_core(const decoder_limits& limits) : decoder_(limits) {}

    /// Consumes `in`: first through `handshake` while it lives (its replies are
    /// queued; once done it is freed and `on_handshake_done` runs), then
    /// through the chunk decoder, acknowledging each window (RTMP spec 5.4.3).
    /// Errors leave the session dead.
    template <class Handshake, class OnDone>
    std::error_code feed(std::unique_ptr<Handshake>& handshake, byte_span in, OnDone&& on_handshake_done) {
        if (error_) return error_;
        bytes_received_ += in.size();
        if (handshake) {
            auto used = handshake->feed(in);
            queue_bytes(handshake->take_output());
            if (!used) {
                fail(used.error());
                return error_;
            }
            in = in.subspan(*used);
            if (!handshake->done()) return {};
            handshake_mode_ = handshake->mode();
            handshake_verified_ = handshake->peer_response_valid();
            // Freed once done: its 3 KB of packets are dead weight for a long-lived connection.
            handshake.reset();
            on_handshake_done();
        }
        if (auto ec = decoder_.feed(in)) {
            fail(ec);
            return ec;
        }
        acknowledge();
        return {};
    }

    /// The next event: those already in `queued` first, then what `handle`
    /// makes of the decoded messages, in order. Nothing is handled while
    /// `paused` (a decision is pending) or once the session wants to close.
    template <class Event, class Handle>
    std::optional<Event> next_event(std::deque<Event>& queued, bool paused, Handle&& handle) {
        for (;;) {
            if (!queued.empty()) {
                auto ev = std::move(queued.front());
                queued.pop_front();
                return ev;
            }
            if (paused || wants_close_) return std::nullopt;
            auto msg = decoder_.next();
            if (!msg) return std::nullopt;
            if (auto ev = handle(*msg)) return ev;
        }
    }

    /// Answers what both sides answer alike: Window Acknowledgement Size (RTMP
    /// spec 5.4.4) and Ping Request (spec 7.1.7). Returns the user control
    /// event of a User Control message for the caller to look at.
    std::optional<user_control> handle_control(const message& msg);

    /// Encodes `msg` with this connection's header compression.
    void queue(const message& msg);
    /// Queues raw bytes (handshake packets) after everything queued before.
    void queue_bytes(std::vector<std::byte> bytes);
    /// Queues chunks pre-encoded with a full type 0 header as they are, given
    /// as one buffer or as pieces (header bytes and body slices).
    void queue_encoded(std::span<const lal::payload> pieces);
    /// Pre-encoded chunks like queue_encoded's that the caller writes itself,
    /// right after everything take_output() returned: only the header
    /// compression state is updated, the pieces are not kept.
    void sent_encoded(std::span<const lal::payload> pieces);
    /// Everything queued, as buffers for one gathered write.
    std::vector<lal::payload> take_output();
    /// Bytes queued and not yet taken.
    std::size_t pending_bytes() const noexcept { return pending_bytes_; }

    /// Records the first error and asks for the connection to close.
    void fail(std::error_code ec) noexcept;
    /// Asks for the connection to close once the output is written.
    void close() noexcept { wants_close_ = true; }
    bool wants_close() const noexcept { return wants_close_; }
    std::error_code error() const noexcept { return error_; }

    /// Every byte received, handshake included.
    std::uint64_t bytes_received() const noexcept { return bytes_received_; }
    handshake_mode mode() const noexcept { return handshake_mode_; }
    bool handshake_verified() const noexcept { return handshake_verified_; }
    /// The encoder, for its chunk size.
    chunk_encoder& encoder() noexcept { return encoder_; }
    const chunk_encoder& encoder() const noexcept { return encoder_; }

private:
    void acknowledge();
    void flush();

    chunk_decoder decoder_;
    chunk_encoder encoder_;
    ack_window acks_;
    std::uint64_t bytes_received_ = 0;
    handshake_mode handshake_mode_ = handshake_mode::plain;
    bool handshake_verified_ = false;
    bool wants_close_ = false;
    std::error_code error_;
    std::vector<std::byte> out_bytes_;  // session-encoded bytes not yet made a payload
    std::vector<lal::payload> out_;
    std::size_t pending_bytes_ = 0;
};

}  // namespace lal::rtmp::detail
