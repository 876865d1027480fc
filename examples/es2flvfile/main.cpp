// SPDX-License-Identifier: MIT
// es2flvfile: builds an FLV file from elementary streams: H.265 Annex B or
// AV1 OBUs, optionally with AAC ADTS, with Enhanced RTMP headers (hvc1, av01,
// mp4a) or the legacy ones (HEVC codec id 12, AAC). Made for test media:
// Debian's ffmpeg 5.1 cannot write HEVC or AV1 into FLV.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <lal/flv/amf0.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/flv/writer.hpp>

#include "es_source.hpp"
#include "flv_bodies.hpp"
#include "parse_args.hpp"

namespace {

constexpr const char* tool = "es2flvfile";

std::vector<std::byte> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw es2flvfile::tool_error(path + ": cannot open for reading");
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw es2flvfile::tool_error(path + ": read error");
    const auto* p = reinterpret_cast<const std::byte*>(chars.data());
    return {p, p + chars.size()};
}

lal::flv::tag make_tag(lal::flv::tag_type type, std::uint32_t ms, std::vector<std::byte> body) {
    return lal::flv::tag{type, ms, 0, lal::payload::adopt(std::move(body))};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Build an FLV file from an H.265 (Annex B) or AV1 (OBU) stream and an optional AAC\n"
                 "ADTS stream, with Enhanced RTMP headers (default) or legacy ones (--legacy:\n"
                 "HEVC as codec id 12). Frames are taken in decode order with pts = dts, so the\n"
                 "video must have no B-frames (x265: -x265-params bframes=0).",
                 tool};
    std::string video_path, audio_path, output, codec_name = "hevc";
    double fps = 25;
    bool legacy = false, quiet = false;
    app.add_option("-v,--video", video_path, "input H.265 Annex-B or AV1 OBU file")->required();
    app.add_option("-c,--codec", codec_name, "video codec of the input: hevc or av1")
        ->check(CLI::IsMember({"hevc", "av1"}));
    app.add_option("-a,--audio", audio_path, "input AAC ADTS file");
    app.add_option("-r,--fps", fps, "video frame rate")->check(CLI::Range(1.0, 240.0));
    app.add_option("-o,--output", output, "output FLV file")->required();
    app.add_flag("--legacy", legacy, "legacy headers: HEVC as FLV codec id 12, AAC as SoundFormat 10");
    app.add_flag("-q,--quiet", quiet, "print nothing on success");
    app.callback([&] {
        if (legacy && codec_name == "av1") throw CLI::ValidationError("AV1 has no legacy FLV codec id: drop --legacy");
    });
    if (auto code = lal_tools::parse_args(app, argc, argv)) return *code;
    using namespace es2flvfile;
    try {
        const auto codec = codec_name == "av1" ? video_codec::av1 : video_codec::hevc;
        const auto style = legacy ? header_style::legacy : header_style::enhanced;
        const auto video_bytes = read_file(video_path);
        const auto video = codec == video_codec::hevc ? read_hevc(video_bytes) : read_av1(video_bytes);
        stream audio;
        if (!audio_path.empty()) audio = read_adts(read_file(audio_path));
        const bool has_audio = !audio.samples.empty();

        const auto video_ms = [&](std::size_t i) { return static_cast<std::uint32_t>(std::lround(i * 1000.0 / fps)); };
        const auto audio_ms = [&](std::size_t i) {
            return static_cast<std::uint32_t>(std::lround(i * 1000.0 * audio.samples_per_frame / audio.sample_rate));
        };
        lal::flv::amf0::ecma_array meta;
        meta.set("duration", video.samples.size() / fps);
        meta.set("width", static_cast<double>(video.width));
        meta.set("height", static_cast<double>(video.height));
        meta.set("framerate", fps);
        meta.set("videocodecid", video_codec_id(codec, style));
        if (has_audio) {
            meta.set("audiocodecid", audio_codec_id(style));
            meta.set("audiosamplerate", static_cast<double>(audio.sample_rate));
            meta.set("stereo", audio.channels == 2);
        }
        meta.set("encoder", std::string("lal es2flvfile"));

        std::vector<std::byte> out;
        lal::flv::writer w(out);
        w.write_header({1, has_audio, true});
        w.write(make_tag(lal::flv::tag_type::script, 0, lal::flv::build_metadata(meta)));
        w.write(make_tag(lal::flv::tag_type::video, 0, video_config_body(codec, style, video.config)));
        if (has_audio) w.write(make_tag(lal::flv::tag_type::audio, 0, aac_body(style, true, audio.config)));
        // Interleave by time, video first at equal times.
        std::size_t v = 0, a = 0;
        while (v < video.samples.size() || a < audio.samples.size()) {
            const bool take_video =
                v < video.samples.size() && (a >= audio.samples.size() || video_ms(v) <= audio_ms(a));
            if (take_video) {
                const auto& s = video.samples[v];
                w.write(make_tag(lal::flv::tag_type::video, video_ms(v), video_frame_body(codec, style, s.keyframe, s.data)));
                ++v;
            } else {
                w.write(make_tag(lal::flv::tag_type::audio, audio_ms(a), aac_body(style, false, audio.samples[a].data)));
                ++a;
            }
        }
        w.write(make_tag(lal::flv::tag_type::video, video_ms(video.samples.size()), video_end_body(codec, style)));

        std::ofstream file(output, std::ios::binary | std::ios::trunc);
        if (!file) throw tool_error(output + ": cannot open for writing");
        file.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
        file.close();
        if (!file) throw tool_error(output + ": write failed");
        if (!quiet) {
            fmt::print("{}: {} {} frames {}x{}{} ({} headers)\n", output, video.samples.size(), codec_name, video.width,
                       video.height, has_audio ? fmt::format(", {} AAC frames", audio.samples.size()) : "",
                       legacy ? "legacy" : "Enhanced RTMP");
        }
    } catch (const tool_error& e) {
        fmt::print(stderr, "{}: {}\n", tool, e.what());
        return 1;
    }
    return 0;
}
