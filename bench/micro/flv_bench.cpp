// SPDX-License-Identifier: MIT
// FLV tags (Adobe FLV spec v10.1 E.3, E.4): reading a real file with the
// incremental reader, writing tags with writer and encode_tag.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <lal/flv/reader.hpp>
#include <lal/flv/tag.hpp>
#include <lal/flv/writer.hpp>

#include "bench_support.hpp"

namespace {

using namespace lal;

// The whole real clip per iteration, fed at once (read = 0) or in reads of
// `read` bytes, every tag drained as soon as it is complete.
void flv_read_real_clip(benchmark::State& state) {
    const auto file = bench::read_source_file(bench::real_flv);
    if (!file) {
        state.SkipWithError("cannot read the test clip");
        return;
    }
    const byte_span in(*file);
    const auto read_size = state.range(0) == 0 ? in.size() : static_cast<std::size_t>(state.range(0));
    std::int64_t tags = 0;
    for (auto _ : state) {
        flv::reader reader;
        tags = 0;
        for (std::size_t at = 0; at < in.size(); at += read_size) {
            if (reader.feed(in.subspan(at, std::min(read_size, in.size() - at)))) break;
            while (auto t = reader.next()) {
                benchmark::DoNotOptimize(t->data.data());
                ++tags;
            }
        }
        if (reader.finish()) {
            state.SkipWithError("reader failed on the test clip");
            return;
        }
    }
    bench::set_throughput(state, static_cast<std::int64_t>(in.size()), tags);
}
BENCHMARK(flv_read_real_clip)->Arg(0)->Arg(4096)->ArgName("read");

flv::tag video_tag(std::size_t size) {
    return {flv::tag_type::video, 0, 0, bench::video_body(size, false)};
}

// writer::write appending one tag to a reused file buffer.
void flv_writer_write(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    auto t = video_tag(size);
    std::vector<std::byte> out;
    for (auto _ : state) {
        out.clear();
        flv::writer w(out);
        benchmark::DoNotOptimize(w.write(t));
        benchmark::ClobberMemory();
        t.timestamp += 40;
    }
    bench::set_throughput(state, static_cast<std::int64_t>(size), 1);
}
BENCHMARK(flv_writer_write)->Apply(bench::each_message_size)->ArgName("size");

// encode_tag: one tag to a new shared buffer, the HTTP-FLV encode-once form.
void flv_encode_tag(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    auto t = video_tag(size);
    for (auto _ : state) {
        auto p = flv::encode_tag(t);
        benchmark::DoNotOptimize(p.data());
        t.timestamp += 40;
    }
    bench::set_throughput(state, static_cast<std::int64_t>(size), 1);
}
BENCHMARK(flv_encode_tag)->Apply(bench::each_message_size)->ArgName("size");

// Every tag of the real clip written again as a file.
void flv_write_real_clip(benchmark::State& state) {
    const auto file = bench::read_source_file(bench::real_flv);
    if (!file) {
        state.SkipWithError("cannot read the test clip");
        return;
    }
    flv::reader reader;
    if (reader.feed(*file) || reader.finish() || !reader.header()) {
        state.SkipWithError("reader failed on the test clip");
        return;
    }
    std::vector<flv::tag> tags;
    while (auto t = reader.next()) tags.push_back(std::move(*t));
    std::vector<std::byte> out;
    for (auto _ : state) {
        out.clear();
        flv::writer w(out);
        w.write_header(*reader.header());
        for (const auto& t : tags) w.write(t);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    bench::set_throughput(state, static_cast<std::int64_t>(out.size()), static_cast<std::int64_t>(tags.size()));
}
BENCHMARK(flv_write_real_clip);

}  // namespace
