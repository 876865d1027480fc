// SPDX-License-Identifier: MIT
// Building the transcoders' output: track configurations and coded frames.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>

namespace lal::transcode::detail {

/// A shared audio configuration of `codec` holding `record` (ASC or OpusHead).
inline media::track_config_ptr make_audio_config(media::codec_id codec, std::vector<std::byte> record) {
    return std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, codec, lal::payload::adopt(std::move(record))});
}

/// True when `a` holds exactly the bytes of `b` (a config seen before).
inline bool same_bytes(const lal::payload& a, const std::vector<std::byte>& b) {
    return a.size() == b.size() && std::equal(b.begin(), b.end(), a.bytes().begin());
}

/// One coded audio frame (a copy of `data`), a random access point at `dts`.
inline media::media_frame make_audio_frame(media::codec_id codec, media::micros dts, std::span<const std::byte> data,
                                           const media::track_config_ptr& config) {
    media::media_frame f;
    f.kind = media::media_kind::audio;
    f.codec = codec;
    f.dts = f.pts = dts;
    f.keyframe = true;
    f.data = lal::payload::copy_from(data);
    f.config = config;
    return f;
}

}  // namespace lal::transcode::detail
