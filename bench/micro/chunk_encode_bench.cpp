// SPDX-License-Identifier: MIT
// RTMP chunk encoding (RTMP spec 5.3): the encode-once form every subscriber
// shares (encode_chunks: type 0 then type 3 headers) and the per-connection
// encoder with header compression.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/message.hpp>

#include "bench_support.hpp"
#include "real_stream.hpp"

namespace {

using namespace lal;

constexpr std::uint32_t video_csid = rtmp::chunk_stream::video;

rtmp::message video_message(std::size_t size) {
    return {rtmp::message_type::video, 0, 1, video_csid, bench::video_body(size, false)};
}

// One message to a new shared buffer, as the server does once per published frame.
void encode_chunks_once(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    const auto chunk_size = static_cast<std::uint32_t>(state.range(1));
    auto msg = video_message(size);
    for (auto _ : state) {
        auto p = rtmp::encode_chunks(msg, video_csid, chunk_size);
        benchmark::DoNotOptimize(p.data());
        msg.timestamp += 40;
    }
    bench::set_throughput(state, static_cast<std::int64_t>(size), 1);
}
BENCHMARK(encode_chunks_once)
    ->ArgsProduct({bench::message_size_list(), {128, 4096}})
    ->ArgNames({"size", "chunk"});

// A connection's encoder sending a steady 25 fps stream: type 3 headers once
// the delta repeats, appended to a reused output buffer.
void chunk_encoder_steady(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    const auto chunk_size = static_cast<std::uint32_t>(state.range(1));
    auto msg = video_message(size);
    rtmp::chunk_encoder encoder(chunk_size);
    std::vector<std::byte> out;
    for (auto _ : state) {
        out.clear();
        encoder.encode(msg, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
        msg.timestamp += 40;
    }
    bench::set_throughput(state, static_cast<std::int64_t>(size), 1);
}
BENCHMARK(chunk_encoder_steady)
    ->ArgsProduct({bench::message_size_list(), {128, 4096}})
    ->ArgNames({"size", "chunk"});

// The real clip (interleaved audio, video and metadata) through one
// connection's encoder, as a relay pushing it would send it.
void chunk_encoder_real_clip(benchmark::State& state) {
    const auto messages = bench::real_messages();
    if (!messages) {
        state.SkipWithError("cannot read the test clip");
        return;
    }
    const auto chunk_size = static_cast<std::uint32_t>(state.range(0));
    std::vector<std::byte> out;
    for (auto _ : state) {
        rtmp::chunk_encoder encoder(chunk_size);
        out.clear();
        for (const auto& m : *messages) encoder.encode(m, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    bench::set_throughput(state, bench::body_bytes(*messages), static_cast<std::int64_t>(messages->size()));
}
BENCHMARK(chunk_encoder_real_clip)->Arg(128)->Arg(4096)->ArgName("chunk");

}  // namespace
