// SPDX-License-Identifier: MIT
// lal::fmp4 muxer -> reader. The first byte picks the tracks (H.264 + AAC,
// H.265 + Opus, AV1 + Opus); the rest is cut into frames: a length byte
// pair, a flags byte (video or audio, key frame, composition offset), a dts
// step byte, and the bytes.
// Properties:
// - the init segment reads back with the muxer's tracks;
// - every frame becomes one fragment the reader reads whole: one run of one
//   sample on the frame's track, with the frame's bytes, tfdt, composition
//   offset and sync flag;
// - mfhd sequence numbers increase by one.
#include <cstdint>
#include <memory>
#include <vector>

#include <lal/fmp4/muxer.hpp>
#include <lal/fmp4/reader.hpp>
#include <lal/opus/opus_head.hpp>

#include "codec_records.hpp"
#include "fuzz_support.hpp"

namespace fmp4 = lal::fmp4;
namespace media = lal::media;

namespace {

using lal::fuzz::avcc;
using lal::fuzz::bytes;
using lal::fuzz::config_of;
using lal::fuzz::hvcc;

// An av1C of libaom (320x240) and a stereo OpusHead.
std::vector<std::byte> av1c() {
    return bytes({0x81, 0x00, 0x0c, 0x00, 0x0a, 0x0b, 0x00, 0x00, 0x00, 0x04, 0x3c, 0xff, 0xbc, 0xda, 0xf9, 0x00, 0x40});
}
std::vector<std::byte> opus_head() {
    std::vector<std::byte> out;
    (void)lal::opus::append_opus_head(lal::opus::default_opus_head(2), out);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    if (in.empty()) return 0;
    const unsigned pick = std::to_integer<unsigned>(in[0]) % 3;
    media::track_config_ptr video;
    media::track_config_ptr audio;
    if (pick == 0) {
        video = config_of(media::media_kind::video, media::codec_id::h264, avcc());
        audio = config_of(media::media_kind::audio, media::codec_id::aac, bytes({0x12, 0x10}));
    } else {
        video = config_of(media::media_kind::video, pick == 1 ? media::codec_id::h265 : media::codec_id::av1,
                          pick == 1 ? hvcc() : av1c());
        audio = config_of(media::media_kind::audio, media::codec_id::opus, opus_head());
    }
    fmp4::muxer m;
    LAL_FUZZ_CHECK(m.set_config(video).value());
    LAL_FUZZ_CHECK(m.set_config(audio).value());
    const auto init = m.init_segment();
    auto info = fmp4::read_init_segment(init.bytes());
    LAL_FUZZ_CHECK(info.has_value() && info->tracks.size() == 2);
    LAL_FUZZ_CHECK(info->tracks[0].codec == video->codec && info->tracks[1].codec == audio->codec);
    const std::uint32_t timescales[2] = {info->tracks[1].timescale, info->tracks[0].timescale};  // audio, video

    std::size_t at = 1;
    media::micros dts = 0;
    std::uint32_t sequence = m.next_sequence();
    while (at + 4 <= in.size()) {
        const std::size_t len = (std::to_integer<std::size_t>(in[at]) << 8 | std::to_integer<std::size_t>(in[at + 1])) % 2048;
        const auto flags = std::to_integer<unsigned>(in[at + 2]);
        dts += std::to_integer<media::micros>(in[at + 3]) * 1000;
        at += 4;
        const std::size_t n = std::min(len, in.size() - at);
        std::vector<std::byte> body(in.begin() + static_cast<std::ptrdiff_t>(at), in.begin() + static_cast<std::ptrdiff_t>(at + n));
        at += n;
        const bool is_video = (flags & 1) != 0;
        media::media_frame f;
        f.kind = is_video ? media::media_kind::video : media::media_kind::audio;
        f.codec = is_video ? video->codec : audio->codec;
        f.config = is_video ? video : audio;
        f.keyframe = (flags & 2) != 0;
        f.dts = dts;
        f.pts = dts + static_cast<media::micros>((flags >> 2) & 0x3f) * 10'000 - (is_video ? 200'000 : 0);
        if (!is_video) f.pts = f.dts;
        // An AV1 frame that starts with an OBU_FRAME header, so no temporal delimiter is stripped.
        if (f.codec == media::codec_id::av1) body.insert(body.begin(), std::byte{0x32});
        const auto expected = body;
        f.data = lal::payload::adopt(std::move(body));
        auto w = m.fragment(f);
        LAL_FUZZ_CHECK(w.has_value());
        const auto bytes_out = w->flatten();
        auto frag = fmp4::read_fragment(bytes_out);
        LAL_FUZZ_CHECK(frag.has_value() && frag->size == bytes_out.size());
        LAL_FUZZ_CHECK(frag->sequence == sequence++);
        LAL_FUZZ_CHECK(frag->runs.size() == 1 && frag->runs[0].samples.size() == 1);
        const auto& r = frag->runs[0];
        const auto ts = timescales[is_video ? 1 : 0];
        LAL_FUZZ_CHECK(r.track_id == (is_video ? fmp4::muxer::video_track_id : fmp4::muxer::audio_track_id));
        LAL_FUZZ_CHECK(r.base_decode_time == fmp4::to_timescale(f.dts, ts));
        const auto cto = static_cast<std::int64_t>(fmp4::to_timescale(f.pts, ts)) -
                         static_cast<std::int64_t>(fmp4::to_timescale(f.dts, ts));
        LAL_FUZZ_CHECK(r.samples[0].composition_offset == cto);
        LAL_FUZZ_CHECK(r.samples[0].sync == (!is_video || f.keyframe));
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(r.data[0]) == expected);
    }
    return 0;
}
