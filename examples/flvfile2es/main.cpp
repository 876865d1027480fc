// SPDX-License-Identifier: MIT
// flvfile2es: splits an FLV file into an H.264 or H.265 Annex-B file and an AAC ADTS file.

#include <cstdio>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <lal/flv/reader.hpp>

#include "parse_args.hpp"
#include "splitter.hpp"

namespace {

constexpr const char* tool = "flvfile2es";

void write_file(const std::string& path, const std::vector<std::byte>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw flvfile2es::tool_error(path + ": cannot open for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw flvfile2es::tool_error(path + ": write failed");
}

// Streams `path` through the FLV reader into the splitter.
void split_file(const std::string& path, flvfile2es::es_splitter& splitter) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw flvfile2es::tool_error(path + ": cannot open for reading");
    lal::flv::reader reader;
    std::vector<char> buffer(64 * 1024);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        if (auto ec = reader.feed(std::as_bytes(std::span(buffer.data(), got)))) {
            throw flvfile2es::tool_error(path + ": " + ec.message());
        }
        try {
            while (auto t = reader.next()) splitter.add(*t);
        } catch (const flvfile2es::tool_error& e) {
            throw flvfile2es::tool_error(path + ": " + e.what());
        }
    }
    if (in.bad()) throw flvfile2es::tool_error(path + ": read error");
    if (!reader.header()) throw flvfile2es::tool_error(path + ": not an FLV file (too short)");
    if (reader.finish()) {
        fmt::print(stderr, "{}: warning: {}: truncated, the partial last tag is dropped\n", tool, path);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Split an FLV file into an H.264 or H.265 Annex-B file (parameter sets before each\n"
                 "key frame) and an AAC ADTS file. Legacy headers (HEVC as codec id 12) and\n"
                 "Enhanced RTMP (hvc1, avc1, mp4a) alike.",
                 tool};
    std::string input, video_path, audio_path;
    bool quiet = false;
    app.add_option("-i,--input", input, "input FLV file")->required();
    app.add_option("-v,--video", video_path, "output H.264 or H.265 Annex-B file (.h264, .h265)");
    app.add_option("-a,--audio", audio_path, "output AAC ADTS file");
    app.add_flag("-q,--quiet", quiet, "print nothing on success");

    app.callback([&] {
        if (video_path.empty() && audio_path.empty()) {
            throw CLI::ValidationError("at least one of -v or -a is required");
        }
    });
    if (auto code = lal_tools::parse_args(app, argc, argv)) return *code;

    try {
        flvfile2es::es_splitter splitter(!video_path.empty(), !audio_path.empty());
        split_file(input, splitter);
        if (!video_path.empty() && splitter.video_frames() == 0) {
            throw flvfile2es::tool_error(input + ": no H.264 or H.265 video to write to " + video_path);
        }
        if (!audio_path.empty() && splitter.audio_frames() == 0) {
            throw flvfile2es::tool_error(input + ": no AAC audio to write to " + audio_path);
        }
        if (!video_path.empty()) write_file(video_path, splitter.video());
        if (!audio_path.empty()) write_file(audio_path, splitter.audio());
        if (!quiet) {
            if (!video_path.empty()) fmt::print("{}: {} {} frames\n", video_path, splitter.video_frames(),
                                                 splitter.video_codec() == lal::media::codec_id::h265 ? "H.265" : "H.264");
            if (!audio_path.empty()) fmt::print("{}: {} AAC frames\n", audio_path, splitter.audio_frames());
        }
    } catch (const flvfile2es::tool_error& e) {
        fmt::print(stderr, "{}: {}\n", tool, e.what());
        return 1;
    }
    return 0;
}
