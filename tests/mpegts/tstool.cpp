// SPDX-License-Identifier: MIT
// Test tool for the TS interop tests:
//   tstool flv2ts IN.flv OUT.ts   mux an FLV's frames with lal::mpegts
//   tstool remux IN.ts OUT.ts     demux with lal::mpegts, mux again
//   tstool count IN.ts            demux and print counts and codec facts
// Exits 1 with a one-line message on any error.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/muxer.hpp>

#include "flv_frames.hpp"

namespace ts = lal::mpegts;
namespace media = lal::media;

namespace {

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "tstool: %s\n", what.c_str());
    std::exit(1);
}

std::vector<std::byte> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(std::string("cannot open ") + path);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* p = reinterpret_cast<const std::byte*>(chars.data());
    return {p, p + chars.size()};
}

void write_file(const char* path, const std::vector<std::byte>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) die(std::string("cannot write ") + path);
}

// The frames of a TS file; every demuxer error is fatal here.
std::vector<media::media_frame> demux_file(const char* path) {
    ts::demuxer d;
    d.feed(read_file(path));
    d.finish();
    std::vector<media::media_frame> frames;
    while (auto e = d.next()) {
        if (auto* err = std::get_if<ts::demux_error>(&*e)) die("demux: " + err->code.message());
        frames.push_back(std::get<media::media_frame>(std::move(*e)));
    }
    return frames;
}

// PSI first and before every video key frame, as an HLS segmenter would.
std::vector<std::byte> mux_frames(const std::vector<media::media_frame>& frames, media::track_config_ptr video,
                                  media::track_config_ptr audio) {
    ts::muxer_options o;
    for (const auto& f : frames) {
        if (f.kind == media::media_kind::video && !o.video) o.video = ts::muxer_track{f.codec, video ? video : f.config};
        if (f.kind == media::media_kind::audio && !o.audio) o.audio = ts::muxer_track{f.codec, audio ? audio : f.config};
    }
    auto m = ts::muxer::create(o);
    if (!m) die("muxer: " + m.error().message());
    std::vector<std::byte> out;
    m->append_psi(out);
    for (const auto& f : frames) {
        if (f.kind == media::media_kind::video && f.keyframe) m->append_psi(out);
        if (auto ec = m->append_frame(f, out)) die("mux: " + ec.message());
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "flv2ts" && argc == 4) {
        const auto clip = lal::test::read_flv_media(read_file(argv[2]));
        write_file(argv[3], mux_frames(clip.frames, clip.video, clip.audio));
        return 0;
    }
    if (mode == "remux" && argc == 4) {
        write_file(argv[3], mux_frames(demux_file(argv[2]), nullptr, nullptr));
        return 0;
    }
    if (mode == "count" && argc == 3) {
        unsigned video = 0, audio = 0, keys = 0, width = 0, height = 0, rate = 0, channels = 0;
        bool monotonic = true;
        media::micros last_video = -1;
        for (const auto& f : demux_file(argv[2])) {
            if (f.kind == media::media_kind::video) {
                ++video;
                keys += f.keyframe;
                monotonic &= f.dts > last_video && f.pts >= f.dts;
                last_video = f.dts;
                if (f.codec == media::codec_id::h264 && width == 0) {
                    auto rec = lal::avc::parse_decoder_configuration_record(f.config->record.bytes());
                    if (!rec || rec->sps.empty()) die("bad avcC");
                    auto sps = lal::avc::parse_sps(rec->sps.front());
                    if (!sps) die("bad SPS");
                    width = sps->width();
                    height = sps->height();
                }
            } else {
                ++audio;
                if (f.codec == media::codec_id::aac && rate == 0) {
                    auto asc = lal::aac::parse_asc(f.config->record.bytes());
                    if (!asc) die("bad ASC");
                    rate = asc->sampling_frequency;
                    channels = asc->channel_configuration;
                }
            }
        }
        std::printf("video=%u keys=%u audio=%u width=%u height=%u rate=%u channels=%u monotonic=%d\n", video, keys,
                    audio, width, height, rate, channels, monotonic ? 1 : 0);
        return 0;
    }
    die("usage: tstool flv2ts IN.flv OUT.ts | remux IN.ts OUT.ts | count IN.ts");
}
