// SPDX-License-Identifier: MIT
// RTMP server session after a valid handshake: the input is the client's
// chunk stream. Every connect, publish and play is accepted, so commands,
// media, metadata, aggregates and stream ends of a live session are reached;
// each player is sent a frame through send() and one through send_encoded().
// Properties:
// - when the whole input decodes, feeding it in pieces (draining events
//   between pieces) gives the same events and the same final error;
// - the session never answers with more than 64 bytes per byte received
//   (plus a constant), and a session that wants to close stays quiet;
// - media and metadata bodies are bounded by the decoder's message limit;
// - everything the server sent decodes as a clean chunk stream, the frames
//   intact, although session-encoded and pre-encoded chunks share a chunk stream.
#include <cstdint>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/server_session.hpp>

#include "fuzz_support.hpp"
#include "rtmp_support.hpp"

namespace rtmp = lal::rtmp;
namespace events = rtmp::server_events;

namespace {

constexpr std::uint32_t server_epoch = 100;

const std::vector<std::byte>& server_random() {
    static const auto random = lal::fuzz::pseudo_random(1);
    return random;
}

// C0+C1+C2 of a plain client for a server with server_random(): computed
// once, the same for every input.
const std::vector<std::byte>& client_handshake_bytes() {
    static const auto bytes = [] {
        rtmp::client_handshake client(lal::fuzz::pseudo_random(2), 0, rtmp::handshake_mode::plain);
        rtmp::server_handshake server(server_random(), server_epoch);
        auto out = client.take_output();
        (void)server.feed(out);
        (void)client.feed(server.take_output());
        auto c2 = client.take_output();
        out.insert(out.end(), c2.begin(), c2.end());
        return out;
    }();
    return bytes;
}

struct outcome {
    std::vector<std::string> events;
    std::error_code feed_error;  // the first error feed() returned
    std::error_code error;       // the session's error at the end
    std::vector<std::byte> output;
};

// Accepts every decision. A player also gets a frame both ways the server
// sends media: encoded by the session, and pre-encoded once for all players.
void accept_all(rtmp::server_session& s, const rtmp::server_event& ev) {
    if (std::holds_alternative<events::connect>(ev)) s.accept_connect();
    if (const auto* p = std::get_if<events::publish>(&ev)) s.accept_publish(*p);
    if (const auto* p = std::get_if<events::play>(&ev)) {
        s.accept_play(*p);
        rtmp::message frame;
        frame.type_id = rtmp::message_type::video;
        frame.timestamp = 0x1000000;  // extended timestamps on every chunk
        frame.message_stream_id = p->stream_id;
        frame.body = lal::payload::copy_from(std::string_view("\x17\x01\x00\x00\x00 a frame of video", 22));
        s.send(frame);
        s.send_encoded(rtmp::encode_chunks(frame, rtmp::chunk_stream::video, s.out_chunk_size()));
    }
}

template <class Feeder>
outcome run(const rtmp::server_options& options, Feeder&& feeder) {
    rtmp::server_session s(options, server_random(), server_epoch);
    LAL_FUZZ_CHECK(!s.feed(client_handshake_bytes()));
    LAL_FUZZ_CHECK(s.handshake_done());
    (void)s.take_output();

    outcome o;
    std::uint64_t received = 0;
    feeder([&](lal::byte_span piece) {
        auto ec = s.feed(piece);
        received += piece.size();
        while (auto ev = s.next_event()) {
            if (const auto* m = std::get_if<events::media>(&*ev)) {
                LAL_FUZZ_CHECK(m->msg.body.size() <= options.limits.max_message_size);
            }
            accept_all(s, *ev);
            o.events.push_back(lal::fuzz::describe(*ev));
        }
        LAL_FUZZ_CHECK(!s.decision_pending());
        auto out = lal::fuzz::flatten(s.take_output());
        LAL_FUZZ_CHECK(s.output_bytes_pending() == 0);
        o.output.insert(o.output.end(), out.begin(), out.end());
        LAL_FUZZ_CHECK(o.output.size() <= 64 * received + 4096);
        if (ec && !o.feed_error) o.feed_error = ec;
        return !ec;
    });
    o.error = s.error();
    if (o.error) LAL_FUZZ_CHECK(s.wants_close());
    if (s.wants_close()) {
        // Nothing more comes out of a session that is done.
        LAL_FUZZ_CHECK(!s.next_event());
        LAL_FUZZ_CHECK(s.take_output().empty());
    }
    return o;
}

// Our own output must be a well-formed chunk stream (at our chunk sizes),
// control on chunk stream 2, commands on 3, video on 7 (message.hpp).
void check_output(const std::vector<std::byte>& output) {
    rtmp::chunk_decoder d;
    LAL_FUZZ_CHECK(!d.feed(output));
    while (auto m = d.next()) {
        auto csid = m->chunk_stream_id;
        LAL_FUZZ_CHECK(csid == 2 || csid == 3 || csid == 7);
        if (csid == 7) LAL_FUZZ_CHECK(m->timestamp == 0x1000000 && m->body.size() == 22);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    rtmp::server_options options;
    if (seed % 4 == 0) {
        options.chunk_size = 1 + seed % 300;
        options.limits.max_message_size = 64 + (seed >> 8) % 4096;
        options.limits.max_chunk_streams = 1 + (seed >> 16) % 6;
    }

    auto whole = run(options, [&](auto&& feed) { feed(in); });
    check_output(whole.output);
    auto pieces = run(options, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    check_output(pieces.output);
    if (!whole.feed_error) {
        // Acknowledgements depend on how bytes arrive, so outputs may differ;
        // what the client did may not.
        LAL_FUZZ_CHECK(pieces.events == whole.events);
        LAL_FUZZ_CHECK(pieces.error == whole.error);
    } else {
        LAL_FUZZ_CHECK(pieces.error);
    }
    return 0;
}
