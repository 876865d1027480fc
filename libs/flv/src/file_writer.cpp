// SPDX-License-Identifier: MIT
#include <lal/flv/file_writer.hpp>

#include <algorithm>
#include <utility>

#include <lal/flv/media_header.hpp>

namespace lal::flv {
namespace {

bool is_av(const tag& t) { return t.type == tag_type::video || t.type == tag_type::audio; }

bool is_frame(const tag& t) { return is_av(t) && !is_sequence_header(t); }

/// True for a frame a decoder cannot use without its codec's sequence header:
/// AVC/HEVC NAL units and raw AAC (Adobe FLV spec v10.1 E.4.2.1, E.4.3.1).
bool needs_config(const tag& t) {
    if (t.type == tag_type::video) {
        auto h = parse_video_tag_header(t.data.bytes());
        return h && h->packet_type == avc_packet_type::nalu;
    }
    if (t.type == tag_type::audio) {
        auto h = parse_audio_tag_header(t.data.bytes());
        return h && h->aac_type == aac_packet_type::raw;
    }
    return false;
}

}  // namespace

file_writer::file_writer(file_writer_options options) : options_(options) {}

std::vector<std::byte> file_writer::take_output() {
    produced_ += out_.size();
    return std::exchange(out_, {});
}

void file_writer::add(tag t) {
    if (t.data.empty() || t.data.size() > max_tag_data_size) return;
    if (started_) {
        write(std::move(t));
        return;
    }
    held_.push_back(std::move(t));
    if (ready_to_start()) start();
}

void file_writer::finish() {
    if (started_ || held_.empty()) return;
    if (std::any_of(held_.begin(), held_.end(), is_frame)) start();
    else held_.clear();
}

bool file_writer::ready_to_start() const {
    if (held_.size() >= options_.max_hold_tags) return true;
    struct track_state {
        bool header = false, frame = false, frame_needs_header = false;
    } video, audio;
    std::optional<std::uint32_t> first_frame;
    std::uint32_t last_frame = 0;
    for (const auto& t : held_) {
        if (!is_av(t)) continue;
        auto& track = t.type == tag_type::video ? video : audio;
        if (is_sequence_header(t)) {
            track.header = true;
            continue;
        }
        track.frame = true;
        track.frame_needs_header |= needs_config(t);
        if (!first_frame) first_frame = t.timestamp;
        last_frame = t.timestamp;
    }
    if (!first_frame) return false;
    if (last_frame >= *first_frame && last_frame - *first_frame >= options_.max_hold_ms) return true;
    // Each track: its sequence header if its frames need one, and a frame once it announced itself.
    for (const auto& track : {video, audio}) {
        if (track.frame_needs_header && !track.header) return false;
        if (track.header && !track.frame) return false;
    }
    return true;
}

void file_writer::start() {
    started_ = true;
    auto held = std::exchange(held_, {});
    bool video_header = false, audio_header = false;
    for (const auto& t : held) {
        if (is_sequence_header(t)) (t.type == tag_type::video ? video_header : audio_header) = true;
    }
    // One base for both tracks: the earliest frame that will be written. The
    // sequence headers go first, so a frame is dropped only if its track has none.
    for (const auto& t : held) {
        if (!is_frame(t)) continue;
        if (needs_config(t) && !(t.type == tag_type::video ? video_header : audio_header)) continue;
        base_ = base_ ? std::min(*base_, t.timestamp) : t.timestamp;
    }
    // E.2: the flags name the tracks present; a stream of script tags alone claims both.
    header_.has_video = std::any_of(held.begin(), held.end(), [](const tag& t) { return t.type == tag_type::video; });
    header_.has_audio = std::any_of(held.begin(), held.end(), [](const tag& t) { return t.type == tag_type::audio; });
    if (!header_.has_video && !header_.has_audio) header_.has_video = header_.has_audio = true;
    append_file_header(header_, out_);
    // Metadata, then sequence headers, then frames in arrival order.
    auto rank = [](const tag& t) { return t.type == tag_type::script ? 0 : is_frame(t) ? 2 : 1; };
    std::stable_sort(held.begin(), held.end(), [&](const tag& a, const tag& b) { return rank(a) < rank(b); });
    for (auto& t : held) write(std::move(t));
}

void file_writer::write(tag t) {
    if (is_sequence_header(t)) {
        (t.type == tag_type::video ? video_config_ : audio_config_) = true;
    } else if (needs_config(t) && !(t.type == tag_type::video ? video_config_ : audio_config_)) {
        ++dropped_;
        return;
    }
    // When no held frame could be written, the first frame written sets the base.
    if (!base_ && is_frame(t)) base_ = t.timestamp;
    auto rebased = base_ && t.timestamp >= *base_ ? t.timestamp - *base_ : 0;
    if (is_av(t)) {
        // Per track the file never goes back in time, whatever the source sent.
        auto& last = t.type == tag_type::video ? last_video_ts_ : last_audio_ts_;
        if (last && rebased < *last) rebased = *last;
        last = rebased;
        last_ts_ = std::max(last_ts_, rebased);
    }
    t.timestamp = rebased;
    t.stream_id = 0;  // E.4.1: always 0
    append_tag(t, out_);
    if (t.type == tag_type::video) ++video_;
    else if (t.type == tag_type::audio) ++audio_;
    else ++script_;
}

}  // namespace lal::flv
