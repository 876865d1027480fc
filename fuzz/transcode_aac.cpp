// SPDX-License-Identifier: MIT
// aac_to_opus (lal::transcode) on arbitrary AAC frames and configurations.
// Input: a control byte (bits 0-2: ASC length; bit 3: flush at the end;
// bits 4-7: the dts step, 0 for 23 ms, else 15 ms times the value, so gaps
// and jumps happen), the ASC, then frames as a 2-byte big-endian length and
// the bytes; a length with its top bit set carries a new ASC of (length & 7)
// bytes instead. At most 24 frames per input, so each run stays fast.
// Properties:
// - errors are lal::transcode errors, one per rejected frame;
// - output frames are Opus, non-empty, carry the transcoder's OpusHead and
//   sit a whole number of 20 ms frames apart within a timeline;
// - one input frame yields a bounded number of output frames (no queue grows).
#include <cstdint>
#include <vector>

#include <lal/transcode/aac_to_opus.hpp>
#include <lal/transcode/codec_log.hpp>

#include "fuzz_support.hpp"

namespace media = lal::media;
namespace transcode = lal::transcode;

namespace {

media::track_config_ptr asc_config(lal::byte_span record) {
    return std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, media::codec_id::aac, lal::payload::copy_from(record)});
}

// Opus frames of one call: codec, bytes, config, and 20 ms spacing.
void check_output(const std::vector<media::media_frame>& out, std::size_t from, const transcode::aac_to_opus& t) {
    for (std::size_t i = from; i < out.size(); ++i) {
        const auto& f = out[i];
        LAL_FUZZ_CHECK(f.kind == media::media_kind::audio && f.codec == media::codec_id::opus);
        LAL_FUZZ_CHECK(!f.data.empty() && f.data.size() <= 4000);
        LAL_FUZZ_CHECK(f.config == t.config() && f.pts == f.dts);
        if (i > from) {
            const auto step = f.dts - out[i - 1].dts;
            // Same timeline: exactly 20 ms on; a new timeline starts after a jump of more than 200 ms.
            LAL_FUZZ_CHECK(step == transcode::aac_to_opus::frame_duration_us || step > 200000 || step < -200000 + 20000);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = [] {
        transcode::quiet_codec_logs();
        return true;
    }();
    (void)quiet;
    auto in = lal::fuzz::bytes_of(data, size);
    if (in.empty()) return 0;
    const auto control = static_cast<unsigned>(in[0]);
    in = in.subspan(1);
    const std::size_t asc_size = std::min<std::size_t>(control & 7U, in.size());
    auto config = asc_config(in.first(asc_size));
    in = in.subspan(asc_size);
    const media::micros step = (control >> 4) == 0 ? 23000 : media::micros{15000} * (control >> 4);

    transcode::aac_to_opus t({.bitrate = 64000, .complexity = 0});
    std::vector<media::media_frame> out;
    media::micros dts = 0;
    for (int frames = 0; in.size() >= 2 && frames < 24; ++frames) {
        const unsigned length = (static_cast<unsigned>(in[0]) << 8) | static_cast<unsigned>(in[1]);
        in = in.subspan(2);
        const std::size_t n = std::min<std::size_t>(length & 0x7fffU, in.size());
        if (length & 0x8000U) {
            const std::size_t asc = std::min<std::size_t>(length & 7U, in.size());
            config = asc_config(in.first(asc));
            in = in.subspan(asc);
            continue;
        }
        media::media_frame f;
        f.kind = media::media_kind::audio;
        f.codec = media::codec_id::aac;
        f.dts = f.pts = dts;
        f.data = lal::payload::copy_from(in.first(n));
        f.config = config;
        in = in.subspan(n);
        dts += step;
        const std::size_t before = out.size();
        if (auto ec = t.transcode(f, out)) {
            LAL_FUZZ_CHECK(ec.category() == transcode::category());
        }
        // At most 2048 samples at 7.35 kHz (13 frames at 48 kHz), 200 ms of
        // gap (10) and what a re-anchoring flush leaves (2).
        LAL_FUZZ_CHECK(out.size() - before <= 32);
        check_output(out, before, t);
    }
    if (control & 8U) {
        const std::size_t before = out.size();
        t.flush(out);
        LAL_FUZZ_CHECK(out.size() - before <= 2);
        check_output(out, before, t);
    }
    return 0;
}
