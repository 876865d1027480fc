// SPDX-License-Identifier: MIT
// flvstat: checks an FLV file or stream captured by a test (a player's output,
// a pulled file) with lal::flv's reader and prints one summary line:
//   tags=.. video=.. audio=.. keyframes=.. metadata=.. video_headers=.. audio_headers=..
//   video_first_ts=.. video_last_ts=.. audio_first_ts=.. audio_last_ts=.. video_max_gap=.. audio_max_gap=..
// It exits 1 when a check fails: a track's timestamps go backwards, a coded
// frame comes before its track's sequence header, the first video frame is not
// a key frame (unless --allow-non-key-start), or an expectation given on the
// command line is not met. A truncated last tag (a cut live capture) is allowed.
//   flvstat FILE|- [--video N] [--audio N] [--min-video N] [--min-audio N]
//           [--max-gap-ms MS] [--allow-non-key-start] [--first-ts-max MS]

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <lal/flv/flv.hpp>

namespace {

struct track {
    std::uint64_t frames = 0;
    std::uint64_t headers = 0;
    std::optional<std::uint32_t> first, last;
    std::uint32_t max_gap = 0;
};

struct options {
    std::string path;
    std::optional<std::uint64_t> video, audio, min_video, min_audio, max_gap, first_ts_max;
    bool allow_non_key_start = false;
};

[[noreturn]] void usage_error(const std::string& why) {
    std::fprintf(stderr, "flvstat: %s\n", why.c_str());
    std::exit(2);
}

options parse_args(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto number = [&](std::optional<std::uint64_t>& field) {
            if (i + 1 >= argc) usage_error(a + " needs a number");
            field = std::strtoull(argv[++i], nullptr, 10);
        };
        if (a == "--video") number(o.video);
        else if (a == "--audio") number(o.audio);
        else if (a == "--min-video") number(o.min_video);
        else if (a == "--min-audio") number(o.min_audio);
        else if (a == "--max-gap-ms") number(o.max_gap);
        else if (a == "--first-ts-max") number(o.first_ts_max);
        else if (a == "--allow-non-key-start") o.allow_non_key_start = true;
        else if (o.path.empty()) o.path = a;
        else usage_error("unexpected argument " + a);
    }
    if (o.path.empty()) usage_error("usage: flvstat FILE|- [checks]");
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const auto opt = parse_args(argc, argv);
    std::vector<char> bytes;
    if (opt.path == "-") {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(opt.path, std::ios::binary);
        if (!in) usage_error(opt.path + ": cannot open");
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

    lal::flv::reader reader;
    if (auto ec = reader.feed(std::as_bytes(std::span(bytes)))) usage_error(opt.path + ": " + ec.message());

    std::vector<std::string> failures;
    track video, audio;
    std::uint64_t tags = 0, metadata = 0, keyframes = 0;
    bool first_video_seen = false;
    while (auto t = reader.next()) {
        ++tags;
        if (t->type == lal::flv::tag_type::script) {
            ++metadata;
            continue;
        }
        const bool is_video = t->type == lal::flv::tag_type::video;
        auto& tr = is_video ? video : audio;
        if (lal::flv::is_end_of_sequence(*t)) continue;
        if (t->data.empty()) {
            failures.push_back("empty " + std::string(is_video ? "video" : "audio") + " tag at tag " + std::to_string(tags));
            continue;
        }
        const bool header = lal::flv::is_sequence_header(*t);
        const bool key = lal::flv::is_keyframe(*t);
        if (header) {
            ++tr.headers;
            continue;
        }
        if (tr.headers == 0) {
            failures.push_back(std::string(is_video ? "video" : "audio") + " frame at " +
                               std::to_string(t->timestamp) + " ms before any sequence header");
        }
        if (is_video && !first_video_seen) {
            first_video_seen = true;
            if (!key && !opt.allow_non_key_start) failures.push_back("the first video frame is not a key frame");
        }
        keyframes += key ? 1 : 0;
        if (tr.last) {
            if (t->timestamp < *tr.last) {
                failures.push_back(std::string(is_video ? "video" : "audio") + " timestamp goes back from " +
                                   std::to_string(*tr.last) + " to " + std::to_string(t->timestamp));
            } else {
                tr.max_gap = std::max(tr.max_gap, t->timestamp - *tr.last);
            }
        }
        if (!tr.first) tr.first = t->timestamp;
        tr.last = t->timestamp;
        ++tr.frames;
    }

    auto ts = [](const std::optional<std::uint32_t>& v) { return v ? std::to_string(*v) : std::string("-"); };
    std::printf(
        "tags=%llu video=%llu audio=%llu keyframes=%llu metadata=%llu video_headers=%llu audio_headers=%llu "
        "video_first_ts=%s video_last_ts=%s audio_first_ts=%s audio_last_ts=%s video_max_gap=%u "
        "audio_max_gap=%u%s\n",
        static_cast<unsigned long long>(tags), static_cast<unsigned long long>(video.frames),
        static_cast<unsigned long long>(audio.frames), static_cast<unsigned long long>(keyframes),
        static_cast<unsigned long long>(metadata), static_cast<unsigned long long>(video.headers),
        static_cast<unsigned long long>(audio.headers), ts(video.first).c_str(), ts(video.last).c_str(),
        ts(audio.first).c_str(), ts(audio.last).c_str(), video.max_gap, audio.max_gap,
        reader.at_tag_boundary() ? "" : " truncated_tail=1");

    auto expect = [&](const char* what, const std::optional<std::uint64_t>& want, std::uint64_t got, bool exact) {
        if (!want) return;
        if (exact ? got != *want : got < *want) {
            failures.push_back(std::string(what) + " " + std::to_string(got) + (exact ? ", expected " : ", expected at least ") +
                               std::to_string(*want));
        }
    };
    expect("video frames", opt.video, video.frames, true);
    expect("audio frames", opt.audio, audio.frames, true);
    expect("video frames", opt.min_video, video.frames, false);
    expect("audio frames", opt.min_audio, audio.frames, false);
    if (opt.max_gap) {
        for (auto [name, tr] : {std::pair{"video", &video}, std::pair{"audio", &audio}}) {
            if (tr->max_gap > *opt.max_gap) {
                failures.push_back(std::string(name) + " gap of " + std::to_string(tr->max_gap) + " ms");
            }
        }
    }
    if (opt.first_ts_max) {
        for (auto [name, tr] : {std::pair{"video", &video}, std::pair{"audio", &audio}}) {
            if (tr->first && *tr->first > *opt.first_ts_max) {
                failures.push_back(std::string(name) + " starts at " + std::to_string(*tr->first) + " ms");
            }
        }
    }
    for (const auto& f : failures) std::fprintf(stderr, "flvstat: FAIL: %s\n", f.c_str());
    return failures.empty() ? 0 : 1;
}
