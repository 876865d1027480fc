// SPDX-License-Identifier: MIT
// RTMP chunk stream decoder (RTMP spec 5.3, Set Chunk Size and Abort 5.4.1-5.4.2).
// Properties:
// - the same messages, error and counters whether fed whole or in pieces, and
//   in the zero-copy mode (pieces fed as payloads) as in the copying mode;
// - limits hold: no message over max_message_size, no more chunk streams than
//   max_chunk_streams (both varied from the input);
// - the messages, encoded again by chunk_encoder (at a chunk size taken from
//   the input, following each Set Chunk Size) and decoded by a fresh decoder,
//   come back identical.
#include <algorithm>
#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/message.hpp>

#include "fuzz_support.hpp"

namespace rtmp = lal::rtmp;

namespace {

struct outcome {
    std::vector<rtmp::message> messages;
    std::error_code error;
    std::uint64_t bytes = 0;
    std::uint32_t chunk_size = 0;
    std::size_t streams = 0;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome decode(const rtmp::decoder_limits& limits, std::uint32_t chunk_size, Feeder&& feeder,
               bool zero_copy = false) {
    rtmp::chunk_decoder d(limits);
    LAL_FUZZ_CHECK(!d.set_peer_chunk_size(chunk_size));
    outcome o;
    feeder([&](lal::byte_span piece) {
        auto ec = zero_copy ? d.feed(lal::payload::copy_from(piece)) : d.feed(piece);
        while (auto m = d.next()) o.messages.push_back(std::move(*m));
        LAL_FUZZ_CHECK(d.chunk_stream_count() <= limits.max_chunk_streams);
        if (ec) {
            LAL_FUZZ_CHECK(d.error() == ec);
            o.error = ec;
        }
        return !ec;
    });
    // A dead decoder counts bytes up to the piece that killed it.
    o.bytes = o.error ? 0 : d.bytes_received();
    o.chunk_size = d.peer_chunk_size();
    o.streams = d.chunk_stream_count();
    return o;
}

void check_reencode(const std::vector<rtmp::message>& messages, std::uint32_t chunk_size) {
    rtmp::chunk_encoder encoder(chunk_size);
    std::vector<std::byte> wire;
    for (const auto& m : messages) {
        encoder.encode(m, wire);
        // The peer switches after this message; so do we (the encoder's cap is
        // one below the decoder's, and no message is that long anyway).
        if (m.type_id == rtmp::message_type::set_chunk_size) {
            auto size = static_cast<std::uint32_t>(lal::load_be(m.body.data(), 4));
            encoder.set_chunk_size(std::min(size, rtmp::max_chunk_size));
        }
    }
    // As if a Set Chunk Size had come before.
    auto back = decode({}, chunk_size, [&](auto&& feed) { feed(lal::byte_span(wire)); });
    LAL_FUZZ_CHECK(!back.error);
    LAL_FUZZ_CHECK(back.messages == messages);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    rtmp::decoder_limits limits;
    if (seed % 3 == 0) {
        // Tight limits now and then, so every cap is reached.
        limits.max_message_size = seed % 5000;
        limits.max_chunk_streams = 1 + (seed >> 8) % 8;
    }

    auto whole = decode(limits, rtmp::default_chunk_size, [&](auto&& feed) { feed(in); });
    auto pieces = decode(limits, rtmp::default_chunk_size, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    auto shared = decode(limits, rtmp::default_chunk_size, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); }, true);
    LAL_FUZZ_CHECK(whole == shared);
    if (!whole.error) LAL_FUZZ_CHECK(whole.bytes == in.size());

    std::size_t body_bytes = 0;
    for (const auto& m : whole.messages) {
        LAL_FUZZ_CHECK(m.body.size() <= limits.max_message_size);
        LAL_FUZZ_CHECK(m.chunk_stream_id >= rtmp::chunk_stream::min_id);
        LAL_FUZZ_CHECK(m.chunk_stream_id <= rtmp::chunk_stream::max_id);
        body_bytes += m.body.size();
    }
    // Bodies are made of payload bytes of the input, never more.
    LAL_FUZZ_CHECK(body_bytes <= in.size());

    static constexpr std::uint32_t chunk_sizes[] = {1, 2, 7, 128, 4096, 60000};
    check_reencode(whole.messages, chunk_sizes[(seed >> 12) % 6]);
    return 0;
}
