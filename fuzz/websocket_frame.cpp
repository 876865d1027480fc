// SPDX-License-Identifier: MIT
// WebSocket frames (RFC 6455 5): the frame decoder and the message reader, for
// both roles (the first input byte picks the role and the limits).
// Properties:
// - the same frames, events and error whether fed whole or in pieces;
// - a decoded frame, encoded again (masked with its own key when it was),
//   decodes to the same frame;
// - no frame exceeds max_frame_bytes, no control frame 125 bytes or a missing FIN;
// - every error of the reader maps to close code 1002, 1007 or 1009.
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include <lal/http/websocket_decoder.hpp>
#include <lal/http/websocket_frame.hpp>

#include "fuzz_support.hpp"

namespace ws = lal::http::ws;

namespace {

struct frame_outcome {
    std::vector<std::string> frames;
    std::error_code error;
    friend bool operator==(const frame_outcome&, const frame_outcome&) = default;
};

struct reader_outcome {
    std::vector<std::string> events;
    std::error_code error;
    friend bool operator==(const reader_outcome&, const reader_outcome&) = default;
};

std::string bytes_text(lal::byte_span b) { return std::string(lal::as_string_view(b)); }

std::string describe(const ws::frame& f) {
    std::string s = std::to_string(static_cast<int>(f.op)) + (f.fin ? "F" : "-") + (f.masked ? "M" : "-");
    if (f.masked) s += bytes_text(f.key);
    return s + ":" + bytes_text(f.data.bytes());
}

std::string describe(const ws::event& e) {
    if (auto* m = std::get_if<ws::message>(&e)) return "m" + std::to_string(static_cast<int>(m->type)) + bytes_text(m->data.bytes());
    if (auto* p = std::get_if<ws::ping>(&e)) return "ping" + bytes_text(p->data.bytes());
    if (auto* p = std::get_if<ws::pong>(&e)) return "pong" + bytes_text(p->data.bytes());
    const auto& c = std::get<ws::close_frame>(e);
    return "close" + std::to_string(c.code) + c.reason;
}

void check_frame(const ws::frame& f, const ws::decoder_limits& limits, ws::role role) {
    LAL_FUZZ_CHECK(f.data.size() <= limits.max_frame_bytes);
    if (ws::is_control(f.op)) LAL_FUZZ_CHECK(f.fin && f.data.size() <= ws::max_control_payload);
    // Re-encode and decode again: the same frame comes back.
    std::optional<ws::masking_key> key;
    if (f.masked) key = f.key;
    auto wire = ws::encode_frame(f.op, f.data.bytes(), key, f.fin);
    ws::frame_decoder again(role, limits);
    LAL_FUZZ_CHECK(!again.feed(wire.bytes()));
    auto back = again.next();
    LAL_FUZZ_CHECK(back.has_value());
    LAL_FUZZ_CHECK(describe(*back) == describe(f));
    LAL_FUZZ_CHECK(!again.next().has_value() && !again.in_progress());
}

template <class Feeder>
frame_outcome run_frames(ws::role role, const ws::decoder_limits& limits, Feeder&& feeder, bool check) {
    ws::frame_decoder d(role, limits);
    frame_outcome out;
    feeder([&](lal::byte_span piece) {
        out.error = d.feed(piece);
        while (auto f = d.next()) {
            if (check) check_frame(*f, limits, role);
            out.frames.push_back(describe(*f));
        }
        return !out.error;
    });
    return out;
}

template <class Feeder>
reader_outcome run_reader(ws::role role, const ws::decoder_limits& limits, Feeder&& feeder) {
    ws::message_reader r(role, limits);
    reader_outcome out;
    feeder([&](lal::byte_span piece) {
        out.error = r.feed(piece);
        while (auto e = r.next()) out.events.push_back(describe(*e));
        return !out.error;
    });
    if (out.error) {
        auto code = ws::close_code_for(out.error);
        LAL_FUZZ_CHECK(code == ws::close_code::protocol_error || code == ws::close_code::invalid_payload ||
                       code == ws::close_code::message_too_big);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto all = lal::fuzz::bytes_of(data, size);
    if (all.empty()) return 0;
    const auto mode = std::to_integer<unsigned>(all.front());
    const auto in = all.subspan(1);
    const auto role = (mode & 1) ? ws::role::server : ws::role::client;
    ws::decoder_limits limits;
    if (mode & 2) {
        limits.max_frame_bytes = 64;
        limits.max_message_bytes = 200;
    }
    auto whole = [&](auto&& feed) { feed(in); };
    auto pieces = [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); };

    auto frames_whole = run_frames(role, limits, whole, true);
    auto frames_pieces = run_frames(role, limits, pieces, false);
    LAL_FUZZ_CHECK(frames_whole == frames_pieces);

    auto reader_whole = run_reader(role, limits, whole);
    auto reader_pieces = run_reader(role, limits, pieces);
    LAL_FUZZ_CHECK(reader_whole == reader_pieces);
    return 0;
}
