// SPDX-License-Identifier: MIT
#include "frame_check.hpp"

#include <fstream>
#include <iterator>
#include <span>

#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>

namespace e2e {

std::uint64_t body_hash(lal::byte_span body) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (auto b : body) {
        h ^= static_cast<std::uint8_t>(b);
        h *= 0x100000001b3ull;
    }
    return h;
}

namespace {
// Coded frames only: what players must get one for one.
bool is_coded_frame(const lal::flv::tag& t) {
    return t.type != lal::flv::tag_type::script && !t.data.empty() && !lal::flv::is_sequence_header(t) &&
           !lal::flv::is_end_of_sequence(t);
}

// True when `got` equals `src` from `start` on (wrapping when `looped`).
bool matches_at(const std::vector<std::uint64_t>& src, const std::vector<std::uint64_t>& got, std::size_t start,
                bool looped) {
    if (!looped && start + got.size() > src.size()) return false;
    for (std::size_t k = 0; k < got.size(); ++k) {
        if (src[(start + k) % src.size()] != got[k]) return false;
    }
    return true;
}

// Where in `src` the run `got` starts, or a description of the mismatch.
std::string find_run(const char* track, const std::vector<std::uint64_t>& src, const std::vector<std::uint64_t>& got,
                     bool looped) {
    if (got.empty()) return {};
    if (src.empty()) return std::string(track) + ": source has no frames";
    // Audio frames of a steady tone may repeat, so try every candidate start.
    for (std::size_t i = 0; i < src.size(); ++i) {
        if (src[i] == got[0] && matches_at(src, got, i, looped)) return {};
    }
    // Say where it breaks for the best candidate, to help whoever reads the log.
    std::size_t best = 0, best_len = 0;
    for (std::size_t i = 0; i < src.size(); ++i) {
        std::size_t k = 0;
        while (k < got.size() && (looped || i + k < src.size()) && src[(i + k) % src.size()] == got[k]) ++k;
        if (k > best_len) {
            best_len = k;
            best = i;
        }
    }
    if (best_len == 0) return std::string(track) + ": the first frame received is not in the source";
    return std::string(track) + ": frames contiguous from source frame " + std::to_string(best) + " for " +
           std::to_string(best_len) + " of " + std::to_string(got.size()) + " frames, then a frame is missing or differs";
}
}  // namespace

std::optional<source_frames> load_source(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open " + path;
        return std::nullopt;
    }
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    lal::flv::reader reader;
    if (auto ec = reader.feed(std::as_bytes(std::span(bytes)))) {
        error = path + ": " + ec.message();
        return std::nullopt;
    }
    source_frames s;
    while (auto t = reader.next()) {
        if (!is_coded_frame(*t)) continue;
        (t->type == lal::flv::tag_type::video ? s.video : s.audio).push_back(body_hash(t->data.bytes()));
    }
    return s;
}

void frame_log::add(const lal::flv::tag& t, clock::time_point arrived) {
    if (t.type == lal::flv::tag_type::script) {
        ++metadata_;
        return;
    }
    const bool video = t.type == lal::flv::tag_type::video;
    if (!first_media_) first_media_ = arrived;
    if (t.data.empty() || lal::flv::is_end_of_sequence(t)) return;
    const bool header = lal::flv::is_sequence_header(t);
    if (segments_.empty() || (header && segments_.back().video_frames + segments_.back().audio_frames > 0)) {
        segment next;
        next.video_begin = video_.size();
        next.audio_begin = audio_.size();
        segments_.push_back(std::move(next));
    }
    auto& seg = segments_.back();
    if (header) {
        ++(video ? video_headers_ : audio_headers_);
        ++(video ? seg.video_headers : seg.audio_headers);
        return;
    }
    const auto segment_name = [&] { return "segment " + std::to_string(segments_.size()) + ": "; };
    if ((video ? seg.video_headers : seg.audio_headers) == 0) {
        seg.problems.push_back(segment_name() + (video ? "video" : "audio") + " frame at " +
                               std::to_string(t.timestamp) + " ms before its sequence header");
    }
    if (video && !seg.first_video_key) {
        seg.first_video_key = lal::flv::is_keyframe(t);
        if (!*seg.first_video_key) seg.problems.push_back(segment_name() + "the first video frame is not a key frame");
    }
    ++(video ? seg.video_frames : seg.audio_frames);
    if ((video ? video_headers_ : audio_headers_) == 0) {
        problems_.push_back(std::string(video ? "video" : "audio") + " frame at " + std::to_string(t.timestamp) +
                            " ms before its sequence header");
    }
    if (video && !first_video_key_) first_video_key_ = lal::flv::is_keyframe(t);
    auto& ts = video ? video_ts_ : audio_ts_;
    if (ts.last_ts) {
        if (t.timestamp < *ts.last_ts) {
            problems_.push_back(std::string(video ? "video" : "audio") + " timestamp goes back from " +
                                std::to_string(*ts.last_ts) + " to " + std::to_string(t.timestamp));
        } else {
            max_ts_gap_ = std::max(max_ts_gap_, t.timestamp - *ts.last_ts);
        }
    }
    ts.last_ts = t.timestamp;
    if (last_frame_at_) {
        const auto gap = std::chrono::duration<double, std::milli>(arrived - *last_frame_at_).count();
        max_arrival_gap_ms_ = std::max(max_arrival_gap_ms_, gap);
    }
    last_frame_at_ = arrived;
    (video ? video_ : audio_).push_back(body_hash(t.data.bytes()));
}

std::string frame_log::compare(const source_frames& source, bool looped) const {
    if (auto e = find_run("video", source.video, video_, looped); !e.empty()) return e;
    return find_run("audio", source.audio, audio_, looped);
}

namespace {
// Whether `got` is the first `got.size()` frames of `src` (all of them when `whole`).
std::string check_prefix(const char* track, std::size_t index, const std::vector<std::uint64_t>& src,
                         std::span<const std::uint64_t> got, bool whole) {
    const auto where = "segment " + std::to_string(index + 1) + " " + track + ": ";
    if (got.size() > src.size()) {
        return where + std::to_string(got.size()) + " frames, the source has " + std::to_string(src.size());
    }
    for (std::size_t k = 0; k < got.size(); ++k) {
        if (got[k] != src[k]) return where + "frame " + std::to_string(k) + " differs from the source's";
    }
    if (whole && got.size() != src.size()) {
        return where + std::to_string(got.size()) + " of the source's " + std::to_string(src.size()) + " frames";
    }
    return {};
}
}  // namespace

std::string frame_log::compare_segments(const std::vector<source_frames>& sources) const {
    if (segments_.size() != sources.size()) {
        return std::to_string(segments_.size()) + " segments, expected " + std::to_string(sources.size());
    }
    for (std::size_t i = 0; i < segments_.size(); ++i) {
        const auto& seg = segments_[i];
        const bool last = i + 1 == segments_.size();
        const std::span<const std::uint64_t> video(video_.data() + seg.video_begin, seg.video_frames);
        const std::span<const std::uint64_t> audio(audio_.data() + seg.audio_begin, seg.audio_frames);
        if (auto e = check_prefix("video", i, sources[i].video, video, last); !e.empty()) return e;
        if (auto e = check_prefix("audio", i, sources[i].audio, audio, last); !e.empty()) return e;
    }
    return {};
}

}  // namespace e2e
