// SPDX-License-Identifier: MIT
// AMF0 (Adobe AMF0 spec, December 2007) decode and encode of two real bodies:
// ffmpeg's onMetaData from the test clip and librtmp's connect command from
// the rtmpdump recording.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <vector>

#include <lal/flv/amf0.hpp>
#include <lal/flv/reader.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/message.hpp>

#include "bench_support.hpp"

namespace {

using namespace lal;

// The body of the clip's first script tag: "onMetaData" and an ECMA array of
// 12 properties, as ffmpeg's FLV muxer writes it.
std::optional<std::vector<std::byte>> metadata_body() {
    auto file = bench::read_source_file(bench::real_flv);
    if (!file) return std::nullopt;
    flv::reader reader;
    if (reader.feed(*file)) return std::nullopt;
    while (auto t = reader.next()) {
        if (t->type == flv::tag_type::script) return to_vector(t->data.bytes());
    }
    return std::nullopt;
}

// The body of the connect command rtmpdump sent ("connect", 1, and an object
// with app, flashVer, tcUrl, fpad, capabilities, codecs ...).
std::optional<std::vector<std::byte>> connect_body() {
    auto file = bench::read_source_file("tests/rtmp/data/rtmpdump_play.bin");
    // RTMP spec 5.2: C0 (1 byte), C1 and C2 (1536 bytes each) precede the chunks.
    constexpr std::size_t handshake_size = 1 + 1536 + 1536;
    if (!file || file->size() <= handshake_size) return std::nullopt;
    rtmp::chunk_decoder decoder;
    if (decoder.feed(byte_span(*file).subspan(handshake_size))) return std::nullopt;
    while (auto m = decoder.next()) {
        if (m->type_id == rtmp::message_type::command_amf0) return to_vector(m->body.bytes());
    }
    return std::nullopt;
}

void run_decode(benchmark::State& state, const std::optional<std::vector<std::byte>>& body) {
    if (!body) {
        state.SkipWithError("cannot read the test input");
        return;
    }
    std::int64_t values = 0;
    for (auto _ : state) {
        auto decoded = flv::amf0::decode_all(*body);
        if (!decoded) {
            state.SkipWithError("decode failed");
            return;
        }
        values = static_cast<std::int64_t>(decoded->size());
        benchmark::DoNotOptimize(decoded->data());
    }
    bench::set_throughput(state, static_cast<std::int64_t>(body->size()), 1);
    state.counters["values"] = static_cast<double>(values);
}

void run_encode(benchmark::State& state, const std::optional<std::vector<std::byte>>& body) {
    if (!body) {
        state.SkipWithError("cannot read the test input");
        return;
    }
    const auto decoded = flv::amf0::decode_all(*body);
    if (!decoded) {
        state.SkipWithError("decode failed");
        return;
    }
    std::vector<std::byte> out;
    for (auto _ : state) {
        out.clear();
        flv::amf0::encode_all(*decoded, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    if (out != *body) state.SkipWithError("encode did not reproduce the input bytes");
    bench::set_throughput(state, static_cast<std::int64_t>(out.size()), 1);
}

void amf0_decode_metadata(benchmark::State& state) { run_decode(state, metadata_body()); }
BENCHMARK(amf0_decode_metadata);

void amf0_decode_connect(benchmark::State& state) { run_decode(state, connect_body()); }
BENCHMARK(amf0_decode_connect);

void amf0_encode_metadata(benchmark::State& state) { run_encode(state, metadata_body()); }
BENCHMARK(amf0_encode_metadata);

void amf0_encode_connect(benchmark::State& state) { run_encode(state, connect_body()); }
BENCHMARK(amf0_encode_connect);

}  // namespace
