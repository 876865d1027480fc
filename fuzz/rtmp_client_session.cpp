// SPDX-License-Identifier: MIT
// RTMP client session after a valid S0+S1+S2: the input is the server's
// chunk stream (connect and createStream answers, onStatus, control
// messages, media), read once by a playing and once by a publishing client;
// once publishing it sends a frame, and it closes politely at the end.
// Properties:
// - when the whole input decodes, feeding it in pieces gives the same events
//   and the same final error;
// - the client's output stays proportional to what it received, decodes as
//   a clean chunk stream, and carries exactly one connect;
// - a failed event always comes with an error and the session wants to close.
#include <cstdint>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/client_session.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/handshake.hpp>

#include "fuzz_support.hpp"
#include "rtmp_support.hpp"

namespace rtmp = lal::rtmp;
namespace events = rtmp::client_events;

namespace {

const std::vector<std::byte>& client_random() {
    static const auto random = lal::fuzz::pseudo_random(3);
    return random;
}

// S0+S1+S2 that a server sends to a plain client with client_random().
const std::vector<std::byte>& server_handshake_bytes() {
    static const auto bytes = [] {
        rtmp::client_handshake client(client_random(), 0, rtmp::handshake_mode::plain);
        rtmp::server_handshake server(lal::fuzz::pseudo_random(4), 0);
        (void)server.feed(client.take_output());
        return server.take_output();
    }();
    return bytes;
}

rtmp::client_options options_for(rtmp::client_role role, std::uint32_t seed) {
    rtmp::client_options o;
    o.app = "live";
    o.tc_url = "rtmp://127.0.0.1:1935/live";
    o.stream_name = "test";
    o.role = role;
    o.handshake = rtmp::handshake_mode::plain;
    if (seed % 8 == 1) {
        o.chunk_size = 1 + (seed >> 4) % 200;
        o.limits.max_message_size = 64 + (seed >> 8) % 4096;
        o.limits.max_chunk_streams = 1 + (seed >> 16) % 6;
    }
    return o;
}

struct outcome {
    std::vector<std::string> events;
    std::error_code feed_error;
    std::error_code error;
    std::vector<std::byte> output;
};

template <class Feeder>
outcome run(const rtmp::client_options& options, Feeder&& feeder) {
    rtmp::client_session c(options, client_random(), 0);
    (void)c.take_output();  // C0+C1
    LAL_FUZZ_CHECK(!c.feed(server_handshake_bytes()));

    outcome o;
    std::uint64_t received = 0;
    bool sent_frame = false;
    feeder([&](lal::byte_span piece) {
        auto ec = c.feed(piece);
        received += piece.size();
        while (auto ev = c.next_event()) {
            if (const auto* f = std::get_if<events::failed>(&*ev)) {
                LAL_FUZZ_CHECK(f->error && c.wants_close());
            }
            if (std::holds_alternative<events::publish_started>(*ev)) LAL_FUZZ_CHECK(c.publishing());
            if (std::holds_alternative<events::play_started>(*ev)) LAL_FUZZ_CHECK(c.playing());
            o.events.push_back(lal::fuzz::describe(*ev));
        }
        if (c.publishing() && !sent_frame) {
            rtmp::message frame;
            frame.type_id = rtmp::message_type::video;
            frame.timestamp = 40;
            frame.body = lal::payload::copy_from(std::string_view("\x17\x01\x00\x00\x00frame", 10));
            LAL_FUZZ_CHECK(c.send(frame));
            sent_frame = true;
        }
        auto out = lal::fuzz::flatten(c.take_output());
        o.output.insert(o.output.end(), out.begin(), out.end());
        LAL_FUZZ_CHECK(o.output.size() <= 64 * received + 4096);
        if (ec && !o.feed_error) o.feed_error = ec;
        return !ec;
    });
    o.error = c.error();
    if (o.error) LAL_FUZZ_CHECK(c.wants_close());
    c.close();
    LAL_FUZZ_CHECK(c.wants_close());
    auto out = lal::fuzz::flatten(c.take_output());
    o.output.insert(o.output.end(), out.begin(), out.end());
    return o;
}

// Everything after C2 must decode as a clean chunk stream with one connect.
void check_output(const std::vector<std::byte>& output) {
    LAL_FUZZ_CHECK(output.size() >= rtmp::handshake_size);
    rtmp::chunk_decoder d;
    LAL_FUZZ_CHECK(!d.feed(lal::byte_span(output).subspan(rtmp::handshake_size)));
    int connects = 0;
    while (auto m = d.next()) {
        if (m->type_id != rtmp::message_type::command_amf0) continue;
        auto cmd = rtmp::parse_command(*m);
        LAL_FUZZ_CHECK(cmd.has_value());
        if (cmd->name == "connect") ++connects;
    }
    LAL_FUZZ_CHECK(connects == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    // Both roles read every input: the answers that lead one deep lead the other astray.
    for (auto role : {rtmp::client_role::play, rtmp::client_role::publish}) {
        auto options = options_for(role, lal::fuzz::seed_of(in));
        auto whole = run(options, [&](auto&& feed) { feed(in); });
        check_output(whole.output);
        auto pieces = run(options, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
        check_output(pieces.output);
        if (!whole.feed_error) {
            LAL_FUZZ_CHECK(pieces.events == whole.events);
            LAL_FUZZ_CHECK(pieces.error == whole.error);
        } else {
            LAL_FUZZ_CHECK(pieces.error);
        }
    }
    return 0;
}
