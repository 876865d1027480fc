// SPDX-License-Identifier: MIT
// MPEG-TS muxing (ISO/IEC 13818-1) of one frame: a 25 fps 1 Mbit/s H.264
// frame (5000 bytes, one slice) and an AAC frame (96 kbit/s at 44.1 kHz:
// 279 bytes), as lal::mpegts::muxer writes them into one contiguous payload.
// For comparison, `pieces_h264_frame` builds the other candidate output, a
// media::wire_form with a 4-byte header piece and a payload slice per packet,
// without its Annex-B or PES work: the floor of what that form would cost.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include <lal/avc/nalu.hpp>
#include <lal/media/wire_form.hpp>
#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/muxer.hpp>
#include <lal/mpegts/packet.hpp>

namespace {

using namespace lal;
namespace ts = lal::mpegts;

std::vector<std::byte> bytes(std::initializer_list<unsigned> v) {
    std::vector<std::byte> out;
    for (auto b : v) out.push_back(static_cast<std::byte>(b));
    return out;
}

media::track_config_ptr config_of(media::media_kind kind, media::codec_id codec, std::vector<std::byte> record) {
    auto c = std::make_shared<media::track_config>();
    c->kind = kind;
    c->codec = codec;
    c->record = payload::adopt(std::move(record));
    return c;
}

// The avcC of tests/data/media (Main@3.0, 640x360) and AAC-LC 44.1 kHz stereo.
ts::muxer make_muxer() {
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h264,
                              config_of(media::media_kind::video, media::codec_id::h264,
                                        bytes({0x01, 0x4d, 0x40, 0x1e, 0xff, 0xe1, 0x00, 0x19, 0x67, 0x4d, 0x40, 0x1e,
                                               0xda, 0x02, 0x80, 0xbf, 0xe5, 0xc0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04,
                                               0x00, 0x00, 0x03, 0x00, 0xca, 0x3c, 0x58, 0xba, 0x80, 0x01, 0x00, 0x04,
                                               0x68, 0xef, 0x3c, 0x80}))};
    o.audio = ts::muxer_track{media::codec_id::aac,
                              config_of(media::media_kind::audio, media::codec_id::aac, bytes({0x12, 0x10}))};
    return std::move(*ts::muxer::create(o));
}

media::media_frame video_frame(std::size_t size, bool key) {
    std::vector<std::byte> nal(size - 4);
    for (std::size_t i = 0; i < nal.size(); ++i) nal[i] = static_cast<std::byte>(0x80 | (i * 7));
    nal[0] = std::byte{key ? std::uint8_t{0x65} : std::uint8_t{0x41}};
    std::vector<std::byte> data;
    avc::append_avcc_nal(nal, 4, data);
    media::media_frame f;
    f.kind = media::media_kind::video;
    f.codec = media::codec_id::h264;
    f.keyframe = key;
    f.data = payload::adopt(std::move(data));
    return f;
}

media::media_frame audio_frame(std::size_t size) {
    media::media_frame f;
    f.kind = media::media_kind::audio;
    f.codec = media::codec_id::aac;
    f.keyframe = true;
    f.data = payload::adopt(std::vector<std::byte>(size, std::byte{0x21}));
    return f;
}

// Checks once that the output demuxes to the frame's bytes (after a key
// frame, which brings the parameter sets a demuxer needs first).
bool demuxes_back(ts::muxer& m, const media::media_frame& f) {
    std::vector<std::byte> out;
    m.append_psi(out);
    if (m.append_frame(video_frame(1000, true), out) || m.append_frame(f, out)) return false;
    ts::demuxer d;
    d.feed(out);
    d.finish();
    bool found = false;
    while (auto e = d.next()) {
        const auto* got = std::get_if<media::media_frame>(&*e);
        if (!got) return false;
        found |= got->kind == f.kind && got->data == f.data;
    }
    return found;
}

void run_mux(benchmark::State& state, media::media_frame f, std::int64_t step_us) {
    auto m = make_muxer();
    if (!demuxes_back(m, f)) {
        state.SkipWithError("the muxed frame does not demux back");
        return;
    }
    for (auto _ : state) {
        f.dts += step_us;
        f.pts = f.dts;
        auto out = m.mux(f);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(f.data.size()));
}

void mux_h264_frame(benchmark::State& state) { run_mux(state, video_frame(5000, state.range(0) != 0), 40000); }
void mux_aac_frame(benchmark::State& state) { run_mux(state, audio_frame(279), 23220); }

void pieces_h264_frame(benchmark::State& state) {
    const auto f = video_frame(5000, false);
    for (auto _ : state) {
        const auto packets = (f.data.size() + ts::max_payload - 1) / ts::max_payload;
        std::vector<std::byte> headers(packets * 4, std::byte{0x47});
        auto shared = payload::adopt(std::move(headers));
        media::wire_form w;
        w.reserve(packets * 2);
        for (std::size_t i = 0; i < packets; ++i) {
            const auto at = i * ts::max_payload;
            w.add(shared.slice(i * 4, 4));
            w.add(f.data.slice(at, std::min(ts::max_payload, f.data.size() - at)));
        }
        benchmark::DoNotOptimize(w);
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(mux_h264_frame)->ArgName("key")->Arg(0)->Arg(1);
BENCHMARK(mux_aac_frame);
BENCHMARK(pieces_h264_frame);
