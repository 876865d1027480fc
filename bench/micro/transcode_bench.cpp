// SPDX-License-Identifier: MIT
// Cost of lal::transcode per second of audio. `aac_to_opus_clip/complexity`:
// the test clip tests/data/media/aac_5s.aac (216 AAC-LC frames, 44.1 kHz
// stereo, 5.02 s) into 251 Opus frames, with libopus at that complexity.
// `opus_to_aac_clip/rate`: those Opus frames back into AAC-LC at 48 or
// 44.1 kHz. The `realtime` counter is seconds of audio transcoded per second
// of CPU: 100 means one core carries about 100 such streams.

#include <benchmark/benchmark.h>

#include <vector>

#include <lal/aac/adts.hpp>
#include <lal/aac/adts_splitter.hpp>
#include <lal/transcode/aac_to_opus.hpp>
#include <lal/transcode/codec_log.hpp>
#include <lal/transcode/opus_to_aac.hpp>

#include "bench_support.hpp"

namespace {

using namespace lal;
using frames = std::vector<media::media_frame>;

constexpr double clip_seconds = 216.0 * 1024 / 44100;

// The clip's raw AAC frames with their ASC, 1024 samples apart.
const frames& clip() {
    static const frames in = [] {
        lal::transcode::quiet_codec_logs();
        frames out;
        aac::adts_splitter splitter;
        (void)splitter.feed(bench::read_source_file("tests/data/media/aac_5s.aac").value_or(std::vector<std::byte>{}));
        media::track_config_ptr config;
        std::int64_t samples = 0;
        while (auto whole = splitter.next()) {
            auto frame = aac::parse_adts_frame(whole->bytes());
            if (!frame) break;
            if (!config) {
                std::vector<std::byte> asc;
                (void)aac::append_asc(aac::to_audio_specific_config(frame->header), asc);
                config = std::make_shared<const media::track_config>(
                    media::track_config{media::media_kind::audio, media::codec_id::aac, payload::adopt(std::move(asc))});
            }
            media::media_frame f;
            f.kind = media::media_kind::audio;
            f.codec = media::codec_id::aac;
            f.dts = f.pts = samples * 1000000 / 44100;
            f.data = payload::copy_from(frame->raw);
            f.config = config;
            out.push_back(std::move(f));
            samples += 1024;
        }
        return out;
    }();
    return in;
}

// The clip as Opus (aac_to_opus at full complexity).
const frames& clip_opus() {
    static const frames in = [] {
        frames out;
        lal::transcode::aac_to_opus t;
        for (const auto& f : clip()) (void)t.transcode(f, out);
        t.flush(out);
        return out;
    }();
    return in;
}

void report(benchmark::State& state) {
    state.counters["realtime"] = benchmark::Counter(clip_seconds, benchmark::Counter::kIsIterationInvariantRate);
}

void aac_to_opus_clip(benchmark::State& state) {
    const auto& in = clip();
    if (in.size() != 216) return state.SkipWithError("test clip not read");
    frames out;
    out.reserve(256);
    for (auto _ : state) {
        lal::transcode::aac_to_opus t({.bitrate = 64000, .complexity = static_cast<int>(state.range(0))});
        out.clear();
        for (const auto& f : in) {
            if (t.transcode(f, out)) return state.SkipWithError("transcode failed");
        }
        t.flush(out);
        if (out.size() != 251) return state.SkipWithError("wrong Opus frame count");
        benchmark::DoNotOptimize(out.data());
    }
    report(state);
}
BENCHMARK(aac_to_opus_clip)->ArgName("complexity")->Arg(10)->Arg(5)->Arg(0)->Unit(benchmark::kMillisecond);

void opus_to_aac_clip(benchmark::State& state) {
    const auto& in = clip_opus();
    if (in.size() != 251) return state.SkipWithError("test clip not transcoded");
    const auto rate = static_cast<std::uint32_t>(state.range(0));
    // 251 x 960 samples at 48 kHz, in frames of 1024 at the output rate.
    const auto expected = static_cast<std::size_t>((251.0 * 960 * rate / 48000 + 1023) / 1024);
    frames out;
    out.reserve(256);
    for (auto _ : state) {
        lal::transcode::opus_to_aac t({.sample_rate = rate});
        out.clear();
        for (const auto& f : in) {
            if (t.transcode(f, out)) return state.SkipWithError("transcode failed");
        }
        t.flush(out);
        if (out.size() != expected) return state.SkipWithError("wrong AAC frame count");
        benchmark::DoNotOptimize(out.data());
    }
    report(state);
}
BENCHMARK(opus_to_aac_clip)->ArgName("rate")->Arg(48000)->Arg(44100)->Unit(benchmark::kMillisecond);

}  // namespace
