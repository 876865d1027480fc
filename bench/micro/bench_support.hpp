// SPDX-License-Identifier: MIT
#pragma once

// Inputs shared by the microbenchmarks: message sizes, FLV-style media bodies
// and the repository's test media.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <lal/base/payload.hpp>

namespace lal::bench {

/// Message sizes the benchmarks sweep: an AAC frame, a small P frame, a typical
/// P frame, a large frame and a big key frame.
inline constexpr std::int64_t message_sizes[] = {64, 1024, 16 * 1024, 128 * 1024, 1024 * 1024};

/// The message sizes as a list, for ArgsProduct.
inline std::vector<std::int64_t> message_size_list() {
    return {std::begin(message_sizes), std::end(message_sizes)};
}

/// Adds one benchmark run per message size.
inline void each_message_size(benchmark::internal::Benchmark* b) {
    for (auto size : message_sizes) b->Arg(size);
}

/// An FLV video tag body of `size` bytes (FLV spec E.4.3.1: FrameType and
/// CodecID 7, AVCPacketType 1, CompositionTime 0), key or inter frame, with
/// filler bytes that vary so nothing can shortcut on zeros.
inline lal::payload video_body(std::size_t size, bool keyframe) {
    std::vector<std::byte> out(size < 5 ? 5 : size);
    out[0] = std::byte{keyframe ? std::uint8_t{0x17} : std::uint8_t{0x27}};
    out[1] = std::byte{0x01};
    std::uint32_t x = 0x9e3779b9u;
    for (std::size_t i = 5; i < out.size(); ++i) {
        x = x * 1664525u + 1013904223u;
        out[i] = static_cast<std::byte>(x >> 24);
    }
    return lal::payload::adopt(std::move(out));
}

/// The bytes of `relative_path` under the source tree, or nullopt when it
/// cannot be read (the caller skips the benchmark with an error).
inline std::optional<std::vector<std::byte>> read_source_file(const std::string& relative_path) {
    std::ifstream in(std::string(LAL_BENCH_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
    if (!in) return std::nullopt;
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    for (std::size_t i = 0; i < chars.size(); ++i) out[i] = static_cast<std::byte>(chars[i]);
    return out;
}

/// Path of the real H.264 + AAC clip (250 video, 432 audio tags, onMetaData).
inline constexpr const char* real_flv = "tests/data/media/h264_aac_10s.flv";

/// Reports `bytes` and `items` processed per iteration, so the output shows
/// bytes/s and items/s.
inline void set_throughput(benchmark::State& state, std::int64_t bytes, std::int64_t items) {
    state.SetBytesProcessed(state.iterations() * bytes);
    state.SetItemsProcessed(state.iterations() * items);
}

}  // namespace lal::bench
