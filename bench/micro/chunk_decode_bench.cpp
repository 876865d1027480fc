// SPDX-License-Identifier: MIT
// RTMP chunk decoding (RTMP spec 5.3): a pre-encoded stream fed to
// chunk_decoder in socket-read-sized slices, draining next() after each.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/message.hpp>

#include "bench_support.hpp"
#include "real_stream.hpp"

namespace {

using namespace lal;

/// A chunk stream as one connection's encoder would send it.
struct encoded_stream {
    std::vector<std::byte> bytes;
    std::int64_t body_bytes = 0;
    std::int64_t messages = 0;
};

encoded_stream encode_stream(const std::vector<rtmp::message>& messages, std::uint32_t chunk_size) {
    encoded_stream s;
    rtmp::chunk_encoder encoder(chunk_size);
    for (const auto& m : messages) encoder.encode(m, s.bytes);
    s.body_bytes = bench::body_bytes(messages);
    s.messages = static_cast<std::int64_t>(messages.size());
    return s;
}

// About 2 MiB of video messages of one size (at least 16), 40 ms apart.
encoded_stream video_stream(std::size_t size, std::uint32_t chunk_size) {
    const auto count = std::max<std::size_t>(16, (2u << 20) / size);
    const auto body = bench::video_body(size, false);
    std::vector<rtmp::message> messages;
    messages.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        messages.push_back({rtmp::message_type::video, static_cast<std::uint32_t>(i * 40), 1,
                            rtmp::chunk_stream::video, body});
    }
    return encode_stream(messages, chunk_size);
}

// Feeds `s` in slices of `read_size` to a new decoder and drains every
// message; false when the decoder failed or lost a message.
bool decode_all(const encoded_stream& s, std::uint32_t chunk_size, std::size_t read_size) {
    rtmp::chunk_decoder decoder;
    if (decoder.set_peer_chunk_size(chunk_size)) return false;
    const byte_span in(s.bytes);
    std::int64_t got = 0;
    for (std::size_t at = 0; at < in.size(); at += read_size) {
        if (decoder.feed(in.subspan(at, std::min(read_size, in.size() - at)))) return false;
        while (auto m = decoder.next()) {
            benchmark::DoNotOptimize(m->body.data());
            ++got;
        }
    }
    return got == s.messages;
}

void run_decode(benchmark::State& state, const encoded_stream& s, std::uint32_t chunk_size,
                std::size_t read_size) {
    for (auto _ : state) {
        if (!decode_all(s, chunk_size, read_size)) {
            state.SkipWithError("decoder failed or lost messages");
            return;
        }
    }
    bench::set_throughput(state, s.body_bytes, s.messages);
}

void chunk_decoder_video(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    const auto read_size = static_cast<std::size_t>(state.range(1));
    const auto chunk_size = static_cast<std::uint32_t>(state.range(2));
    run_decode(state, video_stream(size, chunk_size), chunk_size, read_size);
}
BENCHMARK(chunk_decoder_video)
    ->ArgsProduct({bench::message_size_list(), {4096, 65536}, {128, 4096}})
    ->ArgNames({"size", "read", "chunk"});

// The real clip's interleaved audio, video and metadata messages.
void chunk_decoder_real_clip(benchmark::State& state) {
    const auto messages = bench::real_messages();
    if (!messages) {
        state.SkipWithError("cannot read the test clip");
        return;
    }
    const auto read_size = static_cast<std::size_t>(state.range(0));
    const auto chunk_size = static_cast<std::uint32_t>(state.range(1));
    run_decode(state, encode_stream(*messages, chunk_size), chunk_size, read_size);
}
BENCHMARK(chunk_decoder_real_clip)->ArgsProduct({{4096, 65536}, {128, 4096}})->ArgNames({"read", "chunk"});

}  // namespace
