// SPDX-License-Identifier: MIT
// lal::mpegts::demuxer on any bytes. The first byte picks the PES limit now
// and then (so pes_too_large is reached); the rest is the stream.
// Properties:
// - fed whole, and fed in pieces (a cut plan from the input), the events
//   (frames with their bytes and configurations, errors with their places)
//   and the counters are the same;
// - no frame is larger than the PES limit, packets and skipped bytes add up
//   to at most the input;
// - errors are lal::mpegts's; video frames carry a configuration and valid
//   4-byte length-prefixed NAL units, an H.264 one an avcC that parses.
#include <cstdint>
#include <variant>
#include <vector>

#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/mpegts/demuxer.hpp>

#include "fuzz_support.hpp"

namespace ts = lal::mpegts;
namespace media = lal::media;

namespace {

struct event {
    bool is_frame = false;
    int kind = 0, codec = 0;
    media::micros dts = 0, pts = 0;
    bool key = false;
    std::vector<std::byte> data, config;
    ts::demux_error error;
    bool operator==(const event&) const = default;
};

void drain(ts::demuxer& d, std::vector<event>& out) {
    while (auto e = d.next()) {
        event v;
        if (auto* f = std::get_if<media::media_frame>(&*e)) {
            v.is_frame = true;
            v.kind = static_cast<int>(f->kind);
            v.codec = static_cast<int>(f->codec);
            v.dts = f->dts;
            v.pts = f->pts;
            v.key = f->keyframe;
            v.data = lal::fuzz::to_bytes(f->data.bytes());
            if (f->config) v.config = lal::fuzz::to_bytes(f->config->record.bytes());
        } else {
            v.error = std::get<ts::demux_error>(*e);
        }
        out.push_back(std::move(v));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    ts::demuxer_limits limits;
    if (data[0] < 0x20) limits.max_pes_size = 200 + std::size_t{data[0]} * 100;
    const auto in = lal::fuzz::bytes_of(data + 1, size - 1);

    ts::demuxer whole(limits);
    std::vector<event> a;
    whole.feed(in);
    drain(whole, a);
    whole.finish();
    drain(whole, a);

    ts::demuxer pieces(limits);
    std::vector<event> b;
    lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), [&](lal::byte_span piece) {
        pieces.feed(piece);
        drain(pieces, b);
        return true;
    });
    pieces.finish();
    drain(pieces, b);
    LAL_FUZZ_CHECK(a == b);
    LAL_FUZZ_CHECK(whole.counters() == pieces.counters());

    const auto& c = whole.counters();
    LAL_FUZZ_CHECK(c.packets * 188 + c.skipped_bytes <= in.size());
    for (const auto& e : a) {
        if (!e.is_frame) {
            LAL_FUZZ_CHECK(e.error.code.category() == ts::category());
            continue;
        }
        LAL_FUZZ_CHECK(e.data.size() <= limits.max_pes_size);
        if (e.kind != static_cast<int>(media::media_kind::video)) continue;
        LAL_FUZZ_CHECK(!e.config.empty());
        auto nals = lal::avc::split_avcc(e.data, 4);
        LAL_FUZZ_CHECK(nals.has_value());
        if (e.codec == static_cast<int>(media::codec_id::h264)) {
            LAL_FUZZ_CHECK(lal::avc::parse_decoder_configuration_record(e.config).has_value());
        }
    }
    return 0;
}
