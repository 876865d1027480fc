// SPDX-License-Identifier: MIT
// lal::mpegts muxer -> demuxer. The first byte picks the tracks (H.264 + AAC,
// H.265, Opus or MP3); the rest is cut into frames: a length byte pair, a
// flags byte (key frame, audio or video, composition offset) and the bytes.
// Video bytes become one NAL unit (emulation prevention applied, type from
// the flags), so every frame is valid for its codec.
// Properties:
// - the muxer accepts every frame and writes whole 188-byte packets with
//   per-PID continuity counters that never skip;
// - the demuxer gives back every frame, in order per track, with the same
//   bytes, key flag, DTS and PTS, and reports no error;
// - fed in pieces, the demuxer gives the same frames.
#include <cstdint>
#include <map>
#include <variant>
#include <vector>

#include <lal/avc/emulation_prevention.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/muxer.hpp>

#include "codec_records.hpp"
#include "fuzz_support.hpp"

namespace ts = lal::mpegts;
namespace media = lal::media;

namespace {

using lal::fuzz::avcc;
using lal::fuzz::bytes;
using lal::fuzz::config_of;
using lal::fuzz::hvcc;

struct frame_key {
    int kind;
    media::micros dts, pts;
    bool key;
    std::vector<std::byte> data;
    bool operator==(const frame_key&) const = default;
};

std::vector<frame_key> demux(lal::byte_span in, bool in_pieces, bool& clean) {
    ts::demuxer d;
    std::vector<frame_key> out;
    auto drain = [&] {
        while (auto e = d.next()) {
            if (auto* f = std::get_if<media::media_frame>(&*e)) {
                out.push_back({static_cast<int>(f->kind), f->dts, f->pts, f->keyframe,
                               lal::fuzz::to_bytes(f->data.bytes())});
            } else {
                clean = false;
            }
        }
    };
    if (in_pieces) {
        lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), [&](lal::byte_span p) {
            d.feed(p);
            drain();
            return true;
        });
    } else {
        d.feed(in);
    }
    d.finish();
    drain();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const unsigned mode = data[0] % 4;
    ts::muxer_options o;
    media::codec_id video = media::codec_id::unknown, audio = media::codec_id::unknown;
    if (mode == 0) {
        video = media::codec_id::h264;
        audio = media::codec_id::aac;
        o.video = ts::muxer_track{video, config_of(media::media_kind::video, video, avcc())};
        o.audio = ts::muxer_track{audio, config_of(media::media_kind::audio, audio, bytes({0x12, 0x10}))};
    } else if (mode == 1) {
        video = media::codec_id::h265;
        o.video = ts::muxer_track{video, config_of(media::media_kind::video, video, hvcc())};
    } else if (mode == 2) {
        audio = media::codec_id::opus;
        o.audio = ts::muxer_track{audio, config_of(media::media_kind::audio, audio,
                                                   bytes({'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 2, 0x38, 1,
                                                          0x80, 0xbb, 0, 0, 0, 0, 0}))};
    } else {
        audio = media::codec_id::mp3;
        o.audio = ts::muxer_track{audio, nullptr};
    }
    auto m = ts::muxer::create(o);
    LAL_FUZZ_CHECK(m.has_value());

    // Frames from the input; the first video frame is a key frame so the
    // demuxer has parameter sets from the start.
    std::vector<media::media_frame> frames;
    std::map<int, media::micros> clock;
    bool first_video = true;
    for (std::size_t at = 1; at + 3 <= size;) {
        const std::size_t length = (std::size_t{data[at]} << 8 | data[at + 1]) % 3000;
        const auto flags = data[at + 2];
        at += 3;
        const auto n = std::min(length, size - at);
        lal::byte_span body = lal::fuzz::bytes_of(data + at, n);
        at += n;
        bool to_video = video != media::codec_id::unknown && (audio == media::codec_id::unknown || (flags & 2));
        media::media_frame f;
        f.kind = to_video ? media::media_kind::video : media::media_kind::audio;
        f.codec = to_video ? video : audio;
        auto& t = clock[static_cast<int>(f.kind)];
        f.dts = t;
        t += 40000;
        if (to_video) {
            f.keyframe = first_video || (flags & 1);
            first_video = false;
            f.pts = f.dts + ((flags >> 2) & 3) * 40000;
            // One NAL unit: an IDR (5) / IRAP CRA (21) or a non-IDR slice (1) / TRAIL_R (1).
            std::vector<std::byte> rbsp;
            if (video == media::codec_id::h264) {
                rbsp.push_back(static_cast<std::byte>(f.keyframe ? 0x65 : 0x41));
            } else {
                rbsp.push_back(static_cast<std::byte>(f.keyframe ? 0x2a : 0x02));
                rbsp.push_back(std::byte{0x01});
            }
            rbsp.insert(rbsp.end(), body.begin(), body.end());
            std::vector<std::byte> nal;
            lal::avc::append_emulation_prevention(rbsp, nal);
            std::vector<std::byte> out;
            LAL_FUZZ_CHECK(!lal::avc::append_avcc_nal(nal, 4, out));
            f.data = lal::payload::adopt(std::move(out));
        } else {
            f.keyframe = true;
            f.pts = f.dts;
            std::vector<std::byte> raw(body.begin(), body.end());
            if (audio == media::codec_id::opus) {
                raw.insert(raw.begin(), std::byte{0xfc});  // TOC: 20 ms, so times stay exact
            }
            if (audio == media::codec_id::mp3 && raw.empty()) raw.push_back(std::byte{0xff});
            f.data = lal::payload::adopt(std::move(raw));
        }
        frames.push_back(std::move(f));
    }

    std::vector<std::byte> stream;
    m->append_psi(stream);
    for (const auto& f : frames) LAL_FUZZ_CHECK(!m->append_frame(f, stream));
    LAL_FUZZ_CHECK(stream.size() % 188 == 0);
    std::map<unsigned, unsigned> cc;
    for (std::size_t at = 0; at < stream.size(); at += 188) {
        LAL_FUZZ_CHECK(stream[at] == std::byte{0x47});
        const auto pid = (std::to_integer<unsigned>(stream[at + 1]) & 0x1f) << 8 | std::to_integer<unsigned>(stream[at + 2]);
        const auto c = std::to_integer<unsigned>(stream[at + 3]) & 0x0f;
        if (cc.count(pid)) LAL_FUZZ_CHECK(c == ((cc[pid] + 1) & 0x0f));
        cc[pid] = c;
    }

    bool clean = true;
    auto got = demux(stream, false, clean);
    LAL_FUZZ_CHECK(clean);
    auto again = demux(stream, true, clean);
    LAL_FUZZ_CHECK(got == again);
    for (int kind : {0, 1}) {
        std::vector<frame_key> want, have;
        for (const auto& f : frames) {
            if (static_cast<int>(f.kind) == kind) {
                want.push_back({kind, f.dts, f.pts, f.keyframe, lal::fuzz::to_bytes(f.data.bytes())});
            }
        }
        for (const auto& f : got) {
            if (f.kind == kind) have.push_back(f);
        }
        LAL_FUZZ_CHECK(have == want);
    }
    return 0;
}
