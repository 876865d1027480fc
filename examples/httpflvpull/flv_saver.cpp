// SPDX-License-Identifier: MIT
#include "flv_saver.hpp"

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

#include <lal/flv/media_header.hpp>

namespace httpflvpull {
namespace {

// Whole tags collect here and leave in one write(2), so even a killed process
// leaves a file that ends on a tag boundary.
constexpr std::size_t flush_threshold = 64 * 1024;

/// True for a frame a decoder cannot use without the sequence header of its
/// codec: AVC/HEVC NAL units and raw AAC (Adobe FLV spec v10.1 E.4.2.1, E.4.3.1).
bool needs_video_config(const lal::flv::tag& t) {
    if (t.type != lal::flv::tag_type::video) return false;
    auto h = lal::flv::parse_video_tag_header(t.data.bytes());
    return h && h->packet_type == lal::flv::avc_packet_type::nalu;
}

bool needs_audio_config(const lal::flv::tag& t) {
    if (t.type != lal::flv::tag_type::audio) return false;
    auto h = lal::flv::parse_audio_tag_header(t.data.bytes());
    return h && h->aac_type == lal::flv::aac_packet_type::raw;
}

}  // namespace

flv_saver::flv_saver(std::string path) : path_(std::move(path)) {}

flv_saver::~flv_saver() { (void)finish(); }

std::error_code flv_saver::write_header(const lal::flv::file_header& h) {
    if (fd_ >= 0) return {};
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return {errno, std::generic_category()};
    lal::flv::file_header out = h;
    out.data_offset = lal::flv::file_header_size;
    lal::flv::append_file_header(out, buffer_);
    return write_out();
}

std::error_code flv_saver::write_tag(lal::flv::tag t) {
    if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
    if (lal::flv::is_sequence_header(t)) {
        if (t.type == lal::flv::tag_type::video) video_config_ = true;
        if (t.type == lal::flv::tag_type::audio) audio_config_ = true;
    } else if ((needs_video_config(t) && !video_config_) || (needs_audio_config(t) && !audio_config_)) {
        ++dropped_;
        return {};
    }
    if (t.type != lal::flv::tag_type::script) {
        // Base on the first coded frame: a server sends cached sequence headers
        // to a late joiner with the timestamps they were published with.
        const bool header = lal::flv::is_sequence_header(t);
        if (!base_ && !header) base_ = t.timestamp;
        t.timestamp = base_ && t.timestamp >= *base_ ? t.timestamp - *base_ : 0;
        last_ts_ = t.timestamp;
    } else {
        // Metadata before the first frame belongs at 0; later ones keep their place.
        t.timestamp = base_ && t.timestamp >= *base_ ? t.timestamp - *base_ : 0;
    }
    t.stream_id = 0;  // E.4.1: always 0
    lal::flv::append_tag(t, buffer_);
    if (t.type == lal::flv::tag_type::video) ++video_;
    else if (t.type == lal::flv::tag_type::audio) ++audio_;
    else ++script_;
    return buffer_.size() >= flush_threshold ? write_out() : std::error_code{};
}

std::error_code flv_saver::write_out() {
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

std::error_code flv_saver::finish() {
    if (fd_ < 0) return {};
    auto ec = write_out();
    if (::close(fd_) != 0 && !ec) ec = {errno, std::generic_category()};
    fd_ = -1;
    return ec;
}

}  // namespace httpflvpull
