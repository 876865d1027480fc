// SPDX-License-Identifier: MIT
#include "timeline.hpp"

#include <algorithm>

#include <lal/flv/media_header.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/rtmp/command.hpp>

namespace flvfile2rtmppush {
namespace {

bool is_metadata_tag(const lal::flv::tag& t) {
    if (t.type != lal::flv::tag_type::script) return false;
    auto s = lal::flv::parse_script_data(t.data.bytes());
    return s && s->name == lal::flv::on_metadata;
}

}  // namespace

std::optional<lal::rtmp::message> timeline::map(const lal::flv::tag& t) {
    bool header = lal::flv::is_sequence_header(t);
    bool metadata = is_metadata_tag(t);
    if (loop_ > 0) {
        if (metadata && t.data == metadata_) return std::nullopt;
        if (header && t.type == lal::flv::tag_type::video && t.data == video_header_) return std::nullopt;
        if (header && t.type == lal::flv::tag_type::audio && t.data == audio_header_) return std::nullopt;
    }
    if (looping_ && lal::flv::is_end_of_sequence(t)) return std::nullopt;
    if (metadata) metadata_ = t.data;
    if (header && t.type == lal::flv::tag_type::video) video_header_ = t.data;
    if (header && t.type == lal::flv::tag_type::audio) audio_header_ = t.data;

    if (!loop_first_) loop_first_ = t.timestamp;
    auto relative = t.timestamp >= *loop_first_ ? t.timestamp - *loop_first_ : 0;
    auto out = offset_ + relative;
    if (!any_out_ || out > last_out_) last_out_ = out;
    any_out_ = true;

    // Frame intervals, for the gap between the end of one loop and the next.
    if (!header && !metadata) {
        auto& last = t.type == lal::flv::tag_type::video ? last_video_ : last_audio_;
        auto& step = t.type == lal::flv::tag_type::video ? video_step_ : audio_step_;
        if (t.type != lal::flv::tag_type::script) {
            if (last && t.timestamp > *last) step = t.timestamp - *last;
            last = t.timestamp;
        }
    }

    lal::rtmp::message msg{static_cast<std::uint8_t>(t.type), out, 0, 0, t.data};
    if (t.type == lal::flv::tag_type::script) {
        msg.type_id = lal::rtmp::message_type::data_amf0;
        if (metadata) msg = lal::rtmp::make_set_data_frame(msg);
    }
    return msg;
}

void timeline::end_loop() {
    auto step = video_step_ ? video_step_ : audio_step_ ? audio_step_ : 1;
    offset_ = (any_out_ ? last_out_ : offset_) + step;
    loop_first_.reset();
    last_video_.reset();
    last_audio_.reset();
    ++loop_;
}

std::vector<lal::flv::tag> headers_first(std::vector<lal::flv::tag> leading) {
    auto rank = [](const lal::flv::tag& t) {
        if (is_metadata_tag(t)) return 0;
        if (lal::flv::is_sequence_header(t)) return 1;
        return 2;
    };
    std::stable_sort(leading.begin(), leading.end(),
                     [&](const lal::flv::tag& a, const lal::flv::tag& b) { return rank(a) < rank(b); });
    return leading;
}

}  // namespace flvfile2rtmppush
