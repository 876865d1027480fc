// SPDX-License-Identifier: MIT
// modflvfile: rewrites an FLV file with a rebuilt onMetaData (duration, size,
// dimensions, codecs, key frame index) and optionally timestamps from zero.

#include <cstdio>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "flv_input.hpp"
#include "parse_args.hpp"
#include "rewrite.hpp"

namespace {

constexpr const char* tool = "modflvfile";

void write_file(const std::string& path, const std::vector<std::byte>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw modflvfile::tool_error(path + ": cannot open for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw modflvfile::tool_error(path + ": write failed");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Rewrite an FLV file with a rebuilt onMetaData: duration, filesize, width, height,\n"
                 "framerate, codec ids, data rates and a keyframes index (times, filepositions).",
                 tool};
    std::string input, output;
    modflvfile::rewrite_options options;
    bool quiet = false;
    app.add_option("-i,--input", input, "input FLV file")->required();
    app.add_option("-o,--output", output, "output FLV file (may not be the input)")->required();
    app.add_flag("-z,--shift-to-zero", options.shift_to_zero,
                 "shift all timestamps so the first audio/video tag is at 0");
    app.add_flag("-q,--quiet", quiet, "print nothing on success");

    if (auto code = lal_tools::parse_args(app, argc, argv)) return *code;

    try {
        if (input == output) throw modflvfile::tool_error(output + ": output must differ from the input");
        auto file = modflvfile::read_flv_file(input);
        if (file.truncated_tail) {
            fmt::print(stderr, "{}: warning: {}: truncated, the partial last tag is dropped\n", tool, input);
        }
        auto result = modflvfile::rewrite(file, options);
        write_file(output, result.bytes);
        if (!quiet) {
            const auto& a = result.analysis;
            fmt::print("{}: duration {:.3f} s, {} video frames ({} key), {} audio frames, {} bytes\n",
                       output, a.duration_s, a.video_track.frames, a.keyframe_tags.size(),
                       a.audio_track.frames, result.bytes.size());
        }
    } catch (const modflvfile::tool_error& e) {
        fmt::print(stderr, "{}: {}\n", tool, e.what());
        return 1;
    }
    return 0;
}
