// SPDX-License-Identifier: MIT
#include "media_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>
#include <lal/rtmp/command.hpp>

#include "stamp.hpp"

namespace lalbench {
namespace {

constexpr std::uintmax_t max_file_size = 1u << 30;
// Frame step assumed when the file has fewer than two video and two audio frames.
constexpr std::uint32_t default_step_ms = 40;

std::optional<std::vector<std::byte>> read_file(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    auto size = static_cast<std::uintmax_t>(in.tellg());
    if (size > max_file_size) {
        error = "file larger than 1 GiB";
        return std::nullopt;
    }
    std::vector<std::byte> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        error = "read failed";
        return std::nullopt;
    }
    return bytes;
}

// The smallest AVC NALU video tag body: header and one 1-byte NAL unit.
std::vector<std::byte> minimal_frame(std::size_t length_size) {
    std::vector<std::byte> body{std::byte{0x27}, std::byte{0x01}, std::byte{0}, std::byte{0}, std::byte{0}};
    body.resize(body.size() + length_size);
    lal::store_be(body.data() + 5, 1, length_size);
    body.push_back(std::byte{0x41});
    return body;
}

// Average step between frames of one track, from its first and last offsets.
std::optional<std::uint32_t> step_of(const std::vector<std::uint32_t>& offsets) {
    if (offsets.size() < 2) return std::nullopt;
    auto span = offsets.back() - std::min(offsets.back(), offsets.front());
    return std::max<std::uint32_t>(1, span / static_cast<std::uint32_t>(offsets.size() - 1));
}

}  // namespace

std::optional<media_file> load_media_file(const std::string& path, std::string& error) {
    auto bytes = read_file(path, error);
    if (!bytes) return std::nullopt;
    lal::flv::reader reader;
    if (auto ec = reader.feed(*bytes)) {
        error = "not a valid FLV file: " + ec.message();
        return std::nullopt;
    }

    media_file m;
    lal::payload video_header, audio_header;
    bool have_metadata = false;
    std::vector<lal::flv::tag> kept;
    while (auto t = reader.next()) {
        lal::rtmp::message msg{static_cast<std::uint8_t>(t->type), 0, 0, 0, t->data};
        if (t->type == lal::flv::tag_type::script) {
            if (!have_metadata && lal::rtmp::is_metadata(msg)) {
                m.preamble.push_back(lal::rtmp::make_set_data_frame(msg));
                have_metadata = true;
            }
            continue;
        }
        if (lal::flv::is_end_of_sequence(*t)) continue;  // mid-stream it would end decoding
        if (lal::flv::is_sequence_header(*t)) {
            auto& first = t->type == lal::flv::tag_type::video ? video_header : audio_header;
            if (first.empty()) {
                first = t->data;
                if (auto n = sequence_header_length_size(t->data.bytes())) m.length_size = *n;
                m.preamble.push_back(msg);
                continue;
            }
            if (first == t->data) continue;  // a repeat, e.g. at each key frame
        }
        kept.push_back(std::move(*t));
    }
    if (kept.empty()) {
        error = "no audio or video frames";
        return std::nullopt;
    }

    auto first_ts = kept.front().timestamp;
    for (const auto& t : kept) first_ts = std::min(first_ts, t.timestamp);
    std::vector<std::uint32_t> video_offsets, audio_offsets;
    std::uint32_t last = 0;
    for (auto& t : kept) {
        media_frame f;
        f.offset_ms = t.timestamp - first_ts;
        f.msg = lal::rtmp::message{static_cast<std::uint8_t>(t.type), 0, 0, 0, t.data};
        if (t.type == lal::flv::tag_type::video && !lal::flv::is_sequence_header(t)) {
            f.keyframe = lal::flv::is_keyframe(t);
            f.stamped = is_avc_nalu(t.data.bytes());
            video_offsets.push_back(f.offset_ms);
            ++m.video_frames;
            if (f.stamped) ++m.stamped_frames;
        } else if (t.type == lal::flv::tag_type::audio && !lal::flv::is_sequence_header(t)) {
            audio_offsets.push_back(f.offset_ms);
        }
        last = std::max(last, f.offset_ms);
        m.media_bytes += t.data.size();
        m.frames.push_back(std::move(f));
    }
    // What a stamp adds: measured on a minimal frame, with numbers of the size a run has.
    auto probe = minimal_frame(m.length_size);
    m.stamp_size = stamp_video_body(probe, m.length_size, {100'000, 1'000'000'000'000}).size() - probe.size();

    // One loop lasts up to the last frame plus one frame step, so the next loop
    // starts where a continuous stream would.
    auto step = step_of(video_offsets);
    if (!step) step = step_of(audio_offsets);
    m.loop_ms = last + step.value_or(default_step_ms);
    return m;
}

}  // namespace lalbench
