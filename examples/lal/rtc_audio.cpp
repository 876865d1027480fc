// SPDX-License-Identifier: MIT
#include "rtc_audio.hpp"

#include <lal/transcode/aac_to_opus.hpp>

namespace lal::server {

namespace {
// AAC frames whose Opus output is kept for players a little behind the first
// (about 2 s of 1024-sample frames at 48 kHz): the hub delivers a frame to
// every player within one pass, so a few would do; a slow player may lag more.
constexpr std::size_t history_frames = 96;
}  // namespace

rtc_opus_track::rtc_opus_track() : codec_(std::make_unique<transcode::aac_to_opus>()) {}

rtc_opus_track::~rtc_opus_track() = default;

std::span<const media::media_frame> rtc_opus_track::opus_of(const media::media_frame& aac) {
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
        if (it->dts == aac.dts) return it->opus;
        if (it->dts < aac.dts) break;
    }
    // Older than the newest frame transcoded and not in the history: feeding it
    // would move the transcoder's timeline back (a re-anchor), so it is skipped.
    if (!history_.empty() && aac.dts < history_.back().dts) return {};
    done d;
    d.dts = aac.dts;
    if (codec_->transcode(aac, d.opus)) {
        ++failures_;  // this frame only (lal::transcode README, Errors and limits)
        d.opus.clear();
    }
    history_.push_back(std::move(d));
    if (history_.size() > history_frames) history_.pop_front();
    return history_.back().opus;
}

}  // namespace lal::server
