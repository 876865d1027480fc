// SPDX-License-Identifier: MIT
#include "analysis.hpp"

#include <algorithm>

#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>

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

// The picture of a video sequence header: legacy AVC through parse_video_info
// (with the SPS frame rate), HEVC and AV1 (legacy or Enhanced) through the record.
std::optional<lal::flv::video_info> video_info_of(const lal::flv::frame_class& c, lal::byte_span body,
                                                  const lal::flv::media_item& item) {
    if (!c.enhanced && c.codec == lal::media::codec_id::h264) {
        if (auto info = lal::flv::parse_video_info(body)) return *info;
        return std::nullopt;
    }
    auto picture = lal::flv::describe_video_config(c.codec, item.config->record.bytes());
    if (!picture) return std::nullopt;
    lal::flv::video_info info;
    info.codec = c.codec == lal::media::codec_id::h265 ? lal::flv::codec_id::hevc : lal::flv::codec_id::avc;
    info.width = picture->width;
    info.height = picture->height;
    return info;
}

// The audio of a tag: the legacy header (and AAC's ASC) through
// parse_audio_info; Enhanced RTMP mp4a through its AudioSpecificConfig.
std::optional<lal::flv::audio_info> audio_info_of(const lal::flv::frame_class& c, lal::byte_span body,
                                                  const lal::flv::media_item& item) {
    if (!c.enhanced) {
        if (auto info = lal::flv::parse_audio_info(body)) return *info;
        return std::nullopt;
    }
    if (c.codec != lal::media::codec_id::aac || item.what != lal::media::media_item::type::config) return std::nullopt;
    auto asc = lal::aac::parse_asc(item.config->record.bytes());
    if (!asc) return std::nullopt;
    lal::flv::audio_info info;
    info.sample_rate = asc->output_sampling_frequency();
    info.channels = asc->channel_count().value_or(2);
    if (auto samples = asc->samples_per_frame(); samples && asc->sampling_frequency) {
        info.frame_duration_ms = *samples * 1000.0 / asc->sampling_frequency;
    }
    info.asc = std::move(*asc);
    return info;
}

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
            auto item = lal::flv::to_media(tag_type::video, t.timestamp, t.data);
            if (!item) continue;
            const auto c = lal::flv::classify(tag_type::video, body);
            if (!a.video_codec) {
                a.video_codec = c.enhanced ? static_cast<double>(c.fourcc)
                                           : static_cast<double>(std::to_integer<unsigned>(body[0]) & 0x0f);
            }
            if (item->what == lal::media::media_item::type::config) {
                if (!a.video) a.video = video_info_of(c, body, *item);
                continue;
            }
            // Ends of sequence, command frames, metadata: no picture.
            if (item->what != lal::media::media_item::type::frame) continue;
            video.add(t, static_cast<std::int32_t>(lal::media::to_ms(item->frame.pts - item->frame.dts)));
            if (item->frame.keyframe) {
                a.keyframe_tags.push_back(i);
                a.keyframe_times_ms.push_back(t.timestamp);
            }
        } else if (t.type == tag_type::audio) {
            auto item = lal::flv::to_media(tag_type::audio, t.timestamp, t.data);
            if (!item) continue;
            const auto c = lal::flv::classify(tag_type::audio, body);
            if (!a.audio_codec) {
                a.audio_codec = c.enhanced ? static_cast<double>(c.fourcc)
                                           : static_cast<double>(std::to_integer<unsigned>(body[0]) >> 4);
            }
            if (!a.audio) a.audio = audio_info_of(c, body, *item);
            if (item->what != lal::media::media_item::type::frame) continue;
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
