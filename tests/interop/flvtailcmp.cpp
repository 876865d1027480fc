// SPDX-License-Identifier: MIT
// flvtailcmp: checks that a pulled FLV holds, per track, exactly the last coded
// frames of the source, byte for byte and without a gap, and the same sequence
// headers: what a player that joined mid-stream must have received.
//   flvtailcmp SOURCE PULLED [--min-video N] [--min-audio N]
// Prints one summary line; exits 1 when a check fails, 2 on a usage or read error.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <lal/flv/flv.hpp>

namespace {

struct track {
    std::vector<lal::payload> frames;
    std::vector<lal::payload> headers;
};

struct tracks {
    track video, audio;
};

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "flvtailcmp: %s\n", why.c_str());
    std::exit(2);
}

tracks load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(path + ": cannot open");
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    lal::flv::reader reader;
    if (auto ec = reader.feed(std::as_bytes(std::span(bytes)))) die(path + ": " + ec.message());
    tracks out;
    while (auto t = reader.next()) {
        if (t->type == lal::flv::tag_type::script || lal::flv::is_end_of_sequence(*t)) continue;
        auto& tr = t->type == lal::flv::tag_type::video ? out.video : out.audio;
        (lal::flv::is_sequence_header(*t) ? tr.headers : tr.frames).push_back(t->data);
    }
    return out;
}

/// Empty when `pulled` is a tail of `source`, else what differs.
std::string compare(const char* name, const track& source, const track& pulled) {
    if (pulled.frames.size() > source.frames.size()) {
        return std::string(name) + ": " + std::to_string(pulled.frames.size()) + " frames, more than the source's " +
               std::to_string(source.frames.size());
    }
    auto skip = source.frames.size() - pulled.frames.size();
    for (std::size_t i = 0; i < pulled.frames.size(); ++i) {
        if (!(pulled.frames[i] == source.frames[skip + i])) {
            return std::string(name) + ": frame " + std::to_string(i) + " of the pull differs from source frame " +
                   std::to_string(skip + i);
        }
    }
    if (!pulled.frames.empty()) {
        if (pulled.headers.empty()) return std::string(name) + ": no sequence header";
        if (source.headers.empty() || !(pulled.headers.back() == source.headers.back())) {
            return std::string(name) + ": sequence header differs from the source's";
        }
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> paths;
    std::optional<std::size_t> min_video, min_audio;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto number = [&](std::optional<std::size_t>& field) {
            if (i + 1 >= argc) die(a + " needs a number");
            field = std::strtoull(argv[++i], nullptr, 10);
        };
        if (a == "--min-video") number(min_video);
        else if (a == "--min-audio") number(min_audio);
        else paths.push_back(a);
    }
    if (paths.size() != 2) die("usage: flvtailcmp SOURCE PULLED [--min-video N] [--min-audio N]");
    auto source = load(paths[0]);
    auto pulled = load(paths[1]);
    std::vector<std::string> failures;
    for (auto f : {compare("video", source.video, pulled.video), compare("audio", source.audio, pulled.audio)}) {
        if (!f.empty()) failures.push_back(f);
    }
    if (min_video && pulled.video.frames.size() < *min_video) {
        failures.push_back("video: " + std::to_string(pulled.video.frames.size()) + " frames, expected at least " +
                           std::to_string(*min_video));
    }
    if (min_audio && pulled.audio.frames.size() < *min_audio) {
        failures.push_back("audio: " + std::to_string(pulled.audio.frames.size()) + " frames, expected at least " +
                           std::to_string(*min_audio));
    }
    std::printf("video=%zu/%zu audio=%zu/%zu (pulled/source frames)\n", pulled.video.frames.size(),
                source.video.frames.size(), pulled.audio.frames.size(), source.audio.frames.size());
    for (const auto& f : failures) std::fprintf(stderr, "flvtailcmp: FAIL: %s\n", f.c_str());
    return failures.empty() ? 0 : 1;
}
