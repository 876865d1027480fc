// SPDX-License-Identifier: MIT
#include "analysis.hpp"

#include <algorithm>

namespace modflvfile {
namespace {

using lal::flv::tag_type;

// Collects the timestamps of one track, then summarises them.
struct track_builder {
    std::vector<std::uint32_t> dts;
    std::int64_t last_pts = 0;
    std::uint64_t bytes = 0;

    void add(const lal::flv::tag& t, std::int32_t composition_time) {
        dts.push_back(t.timestamp);
        last_pts = std::max<std::int64_t>(last_pts, std::int64_t{t.timestamp} + composition_time);
        bytes += t.data.size();
    }

    track_stats finish() const {
        track_stats s;
        s.frames = dts.size();
        s.bytes = bytes;
        if (dts.empty()) return s;
        s.first_dts = *std::min_element(dts.begin(), dts.end());
        s.last_dts = *std::max_element(dts.begin(), dts.end());
        s.last_pts = last_pts;
        std::vector<std::uint32_t> steps;
        for (std::size_t i = 1; i < dts.size(); ++i) {
            if (dts[i] > dts[i - 1]) steps.push_back(dts[i] - dts[i - 1]);
        }
        if (!steps.empty()) {
            auto mid = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
            std::nth_element(steps.begin(), mid, steps.end());
            s.frame_duration_ms = *mid;
        }
        return s;
    }
};

}  // namespace

stream_analysis analyse(const std::vector<lal::flv::tag>& tags) {
    stream_analysis a;
    track_builder video, audio;
    bool any_media = false;
    std::uint32_t first_media_ts = 0;

    for (std::size_t i = 0; i < tags.size(); ++i) {
        const auto& t = tags[i];
        auto body = t.data.bytes();
        a.last_timestamp_s = std::max(a.last_timestamp_s, t.timestamp / 1000.0);
        if (t.type == tag_type::video) {
            auto h = lal::flv::parse_video_tag_header(body);
            if (!h) continue;
            if (!a.video_codec) a.video_codec = h->codec;
            if (h->packet_type == lal::flv::avc_packet_type::sequence_header) {
                if (!a.video) {
                    if (auto info = lal::flv::parse_video_info(body)) a.video = *info;
                }
                continue;
            }
            if (h->packet_type == lal::flv::avc_packet_type::end_of_sequence) continue;
            if (h->frame == lal::flv::frame_type::info) continue;
            video.add(t, h->composition_time);
            if (lal::flv::is_keyframe(t)) {
                a.keyframe_tags.push_back(i);
                a.keyframe_times_ms.push_back(t.timestamp);
            }
        } else if (t.type == tag_type::audio) {
            auto h = lal::flv::parse_audio_tag_header(body);
            if (!h) continue;
            if (!a.audio_codec) a.audio_codec = h->format;
            if (!a.audio) {
                if (auto info = lal::flv::parse_audio_info(body)) a.audio = *info;
            }
            if (h->aac_type == lal::flv::aac_packet_type::sequence_header) continue;
            audio.add(t, 0);
        } else {
            continue;
        }
        if (!any_media || t.timestamp < first_media_ts) first_media_ts = t.timestamp;
        any_media = true;
    }

    a.video_track = video.finish();
    a.audio_track = audio.finish();

    // A track ends one frame after its last presentation time.
    double end_ms = 0;
    if (a.video_track.frames) {
        auto frame = a.video_track.frame_duration_ms;
        if (a.video && a.video->frame_rate && *a.video->frame_rate > 0) frame = 1000.0 / *a.video->frame_rate;
        end_ms = std::max(end_ms, static_cast<double>(a.video_track.last_pts) + frame);
    }
    if (a.audio_track.frames) {
        auto frame = a.audio_track.frame_duration_ms;
        if (a.audio && a.audio->frame_duration_ms) frame = *a.audio->frame_duration_ms;
        end_ms = std::max(end_ms, static_cast<double>(a.audio_track.last_dts) + frame);
    }
    if (any_media) a.duration_s = std::max(0.0, end_ms - first_media_ts) / 1000.0;

    if (a.video && a.video->frame_rate) {
        a.frame_rate = *a.video->frame_rate;
    } else if (a.video_track.frame_duration_ms > 0) {
        a.frame_rate = 1000.0 / a.video_track.frame_duration_ms;
    }
    return a;
}

}  // namespace modflvfile
