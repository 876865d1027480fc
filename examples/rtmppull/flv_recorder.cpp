// SPDX-License-Identifier: MIT
#include "flv_recorder.hpp"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

#include <lal/flv/file_header.hpp>
#include <lal/flv/media_header.hpp>

namespace rtmppull {
namespace {

// Whole tags collect here and leave in one write(2).
constexpr std::size_t flush_threshold = 64 * 1024;
// How long the start waits for every announced track to show a frame.
constexpr std::uint32_t max_hold_ms = 1000;
constexpr std::size_t max_hold_tags = 64;

bool is_av(const lal::flv::tag& t) {
    return t.type == lal::flv::tag_type::video || t.type == lal::flv::tag_type::audio;
}

bool is_frame(const lal::flv::tag& t) { return is_av(t) && !lal::flv::is_sequence_header(t); }

/// True for a frame a decoder cannot use without its codec's sequence header:
/// AVC/HEVC NAL units and raw AAC (Adobe FLV spec v10.1 E.4.2.1, E.4.3.1).
bool needs_config(const lal::flv::tag& t) {
    if (t.type == lal::flv::tag_type::video) {
        auto h = lal::flv::parse_video_tag_header(t.data.bytes());
        return h && h->packet_type == lal::flv::avc_packet_type::nalu;
    }
    if (t.type == lal::flv::tag_type::audio) {
        auto h = lal::flv::parse_audio_tag_header(t.data.bytes());
        return h && h->aac_type == lal::flv::aac_packet_type::raw;
    }
    return false;
}

}  // namespace

flv_recorder::flv_recorder(std::string path) : path_(std::move(path)) {}

flv_recorder::~flv_recorder() { (void)finish(); }

std::error_code flv_recorder::add(const lal::rtmp::message& msg) {
    lal::flv::tag t;
    switch (msg.type_id) {
    case lal::rtmp::message_type::audio: t.type = lal::flv::tag_type::audio; break;
    case lal::rtmp::message_type::video: t.type = lal::flv::tag_type::video; break;
    case lal::rtmp::message_type::data_amf0: t.type = lal::flv::tag_type::script; break;
    default: return {};  // AMF3 data and anything else has no FLV form
    }
    if (msg.body.empty() || msg.body.size() > lal::flv::max_tag_data_size) return {};
    t.timestamp = msg.timestamp;
    t.data = msg.body;
    if (started_) return write_tag(std::move(t));
    held_.push_back(std::move(t));
    return ready_to_start() ? start() : std::error_code{};
}

bool flv_recorder::ready_to_start() const {
    if (held_.size() >= max_hold_tags) return true;
    struct track_state {
        bool header = false, frame = false, frame_needs_header = false;
    } video, audio;
    std::optional<std::uint32_t> first_frame;
    std::uint32_t last_frame = 0;
    for (const auto& t : held_) {
        if (!is_av(t)) continue;
        auto& tr = t.type == lal::flv::tag_type::video ? video : audio;
        if (lal::flv::is_sequence_header(t)) {
            tr.header = true;
            continue;
        }
        tr.frame = true;
        tr.frame_needs_header |= needs_config(t);
        if (!first_frame) first_frame = t.timestamp;
        last_frame = t.timestamp;
    }
    if (!first_frame) return false;
    if (last_frame >= *first_frame && last_frame - *first_frame >= max_hold_ms) return true;
    // Each track: its sequence header if its frames need one, and a frame once it announced itself.
    for (const auto& tr : {video, audio}) {
        if (tr.frame_needs_header && !tr.header) return false;
        if (tr.header && !tr.frame) return false;
    }
    return true;
}

std::error_code flv_recorder::start() {
    started_ = true;
    auto held = std::exchange(held_, {});
    bool video_header = false, audio_header = false;
    for (const auto& t : held) {
        if (!lal::flv::is_sequence_header(t)) continue;
        (t.type == lal::flv::tag_type::video ? video_header : audio_header) = true;
    }
    // One base for both tracks: the earliest frame that will be written
    // (sequence headers go first, so a frame is dropped only if its track has none).
    for (const auto& t : held) {
        if (!is_frame(t)) continue;
        if (needs_config(t) && !(t.type == lal::flv::tag_type::video ? video_header : audio_header)) continue;
        base_ = base_ ? std::min(*base_, t.timestamp) : t.timestamp;
    }
    header_.has_video = std::any_of(held.begin(), held.end(), [](auto& t) { return t.type == lal::flv::tag_type::video; });
    header_.has_audio = std::any_of(held.begin(), held.end(), [](auto& t) { return t.type == lal::flv::tag_type::audio; });
    if (!header_.has_video && !header_.has_audio) header_.has_video = header_.has_audio = true;
    // Metadata, then sequence headers, then frames in arrival order.
    auto rank = [](const lal::flv::tag& t) { return t.type == lal::flv::tag_type::script ? 0 : is_frame(t) ? 2 : 1; };
    std::stable_sort(held.begin(), held.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    for (auto& t : held) {
        if (auto ec = write_tag(std::move(t))) return ec;
    }
    return buffer_.size() >= flush_threshold ? write_out() : std::error_code{};
}

std::error_code flv_recorder::write_tag(lal::flv::tag t) {
    if (lal::flv::is_sequence_header(t)) {
        if (t.type == lal::flv::tag_type::video) video_config_ = true;
        if (t.type == lal::flv::tag_type::audio) audio_config_ = true;
    } else if (needs_config(t) && !(t.type == lal::flv::tag_type::video ? video_config_ : audio_config_)) {
        ++dropped_;
        return {};
    }
    if (!header_written_) {
        // The file header goes out with the first tag that is kept.
        header_written_ = true;
        lal::flv::append_file_header(header_, buffer_);
    }
    auto rebased = base_ && t.timestamp >= *base_ ? t.timestamp - *base_ : 0;
    if (is_av(t)) {
        // Per track the file never goes back in time, whatever the server sent.
        auto& last = t.type == lal::flv::tag_type::video ? last_video_ts_ : last_audio_ts_;
        if (last && rebased < *last) rebased = *last;
        last = rebased;
        last_ts_ = std::max(last_ts_, rebased);
    }
    t.timestamp = rebased;
    t.stream_id = 0;  // E.4.1: always 0
    lal::flv::append_tag(t, buffer_);
    if (t.type == lal::flv::tag_type::video) ++video_;
    else if (t.type == lal::flv::tag_type::audio) ++audio_;
    else ++script_;
    return buffer_.size() >= flush_threshold ? write_out() : std::error_code{};
}

std::error_code flv_recorder::write_out() {
    if (buffer_.empty()) return {};
    if (fd_ < 0) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) return {errno, std::generic_category()};
    }
    std::size_t done = 0;
    while (done < buffer_.size()) {
        auto n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return {errno, std::generic_category()};
        }
        done += static_cast<std::size_t>(n);
    }
    written_ += done;
    buffer_.clear();
    return {};
}

std::error_code flv_recorder::finish() {
    std::error_code ec;
    if (!started_ && !held_.empty()) {
        bool any_frame = std::any_of(held_.begin(), held_.end(), is_frame);
        // Headers alone make no useful file.
        if (any_frame) ec = start();
        else held_.clear();
    }
    if (!ec) ec = write_out();
    if (fd_ >= 0) {
        if (::close(fd_) != 0 && !ec) ec = {errno, std::generic_category()};
        fd_ = -1;
    }
    return ec;
}

}  // namespace rtmppull
