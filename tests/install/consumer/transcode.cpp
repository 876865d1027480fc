// SPDX-License-Identifier: MIT
// The lal::transcode part of the outside program (built when lal has it):
// ten 20 ms Opus packets of silence (RFC 6716 3.1: TOC 0xFC, CELT fullband
// stereo 20 ms, one empty frame) become AAC-LC frames with their ASC.
#include <cstdio>
#include <string>
#include <vector>

#include <lal/transcode/codec_log.hpp>
#include <lal/transcode/opus_to_aac.hpp>

std::string transcode_summary() {
    lal::transcode::quiet_codec_logs();
    lal::transcode::opus_to_aac t;
    std::vector<lal::media::media_frame> out;
    const std::byte toc[] = {std::byte{0xfc}};
    for (int i = 0; i < 10; ++i) {
        lal::media::media_frame f;
        f.kind = lal::media::media_kind::audio;
        f.codec = lal::media::codec_id::opus;
        f.dts = f.pts = i * 20000;
        f.data = lal::payload::copy_from(toc);
        if (t.transcode(f, out)) return "transcode_failed";
    }
    t.flush(out);
    std::string asc;
    for (auto b : t.config()->record.bytes()) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(b));
        asc += hex;
    }
    return "transcode_aac_frames=" + std::to_string(out.size()) + " asc=" + asc;
}
