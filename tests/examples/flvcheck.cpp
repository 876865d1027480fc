// SPDX-License-Identifier: MIT
// flvcheck: verifies a file written by modflvfile with lal::flv's own reader:
// onMetaData comes first, its filesize is the file's size, and its keyframes
// index lists exactly the key frame tags (offset and time). Prints
// "duration=<s> first_ts=<ms of the first frame> keyframes=<n> video=<n> audio=<n> size=<w>x<h>@<fps>"
// on success (size only with video).

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <lal/flv/flv.hpp>

namespace {

namespace amf0 = lal::flv::amf0;

int fail(const std::string& why) {
    std::fprintf(stderr, "flvcheck: %s\n", why.c_str());
    return 1;
}

std::vector<double> numbers(const amf0::value* v) {
    std::vector<double> out;
    if (!v || !v->as_strict_array()) return out;
    for (const auto& item : v->as_strict_array()->items) out.push_back(item.as_number().value_or(-1));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return fail("usage: flvcheck file.flv");
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) return fail(std::string(argv[1]) + ": cannot open");
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    lal::flv::reader r;
    if (auto ec = r.feed(std::as_bytes(std::span(chars)))) return fail(ec.message());
    if (auto ec = r.finish()) return fail(ec.message());
    if (r.previous_tag_size_mismatches()) return fail("PreviousTagSize mismatch");

    std::optional<lal::flv::script_data> meta;
    std::vector<std::pair<double, double>> keyframes;  // (time s, offset) of key frame tags
    std::size_t video = 0, audio = 0, index = 0;
    std::optional<std::uint32_t> first_ts;
    while (auto t = r.next()) {
        if (index++ == 0) {
            if (t->type != lal::flv::tag_type::script) return fail("first tag is not script data");
            auto sd = lal::flv::parse_script_data(t->data.bytes());
            if (!sd || sd->name != "onMetaData" || !sd->properties()) return fail("first tag is not onMetaData");
            meta = *sd;
            continue;
        }
        if (t->type == lal::flv::tag_type::script) continue;
        if (!first_ts && !lal::flv::is_sequence_header(*t)) first_ts = t->timestamp;
        video += t->type == lal::flv::tag_type::video;
        audio += t->type == lal::flv::tag_type::audio;
        if (lal::flv::is_keyframe(*t)) {
            keyframes.emplace_back(t->timestamp / 1000.0, static_cast<double>(r.last_tag_offset()));
        }
    }
    if (!meta) return fail("no tags");
    const auto* props = meta->properties();
    auto filesize = props->get("filesize") ? props->get("filesize")->as_number() : std::nullopt;
    if (filesize != static_cast<double>(chars.size())) return fail("filesize does not match the file");
    auto duration = props->get("duration") ? props->get("duration")->as_number() : std::nullopt;
    if (!duration) return fail("no duration");

    if (video) {
        const auto* index_obj = props->get("keyframes");
        if (!index_obj) return fail("no keyframes index");
        auto times = numbers(index_obj->get("times"));
        auto positions = numbers(index_obj->get("filepositions"));
        if (times.size() != keyframes.size() || positions.size() != keyframes.size()) {
            return fail("keyframes index has " + std::to_string(positions.size()) + " entries, file has " +
                        std::to_string(keyframes.size()) + " key frames");
        }
        for (std::size_t i = 0; i < keyframes.size(); ++i) {
            if (positions[i] != keyframes[i].second) return fail("filepositions[" + std::to_string(i) + "] is not a key frame tag");
            if (std::fabs(times[i] - keyframes[i].first) > 0.0005) return fail("times[" + std::to_string(i) + "] is wrong");
        }
    }
    auto number = [&](const char* key) {
        const auto* v = props->get(key);
        return v ? v->as_number().value_or(-1) : -1;
    };
    std::printf("duration=%.3f first_ts=%u keyframes=%zu video=%zu audio=%zu", *duration,
                first_ts.value_or(0), keyframes.size(), video, audio);
    if (video) std::printf(" size=%gx%g@%g", number("width"), number("height"), number("framerate"));
    std::printf("\n");
    return 0;
}
