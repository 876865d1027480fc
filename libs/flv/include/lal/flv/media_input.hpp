// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/payload.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/media/item.hpp>
#include <lal/media/kind.hpp>

namespace lal::flv {

/// The converter of one RTMP or FLV source: turns each audio, video and script
/// body into a media item once, as it enters, and keeps each track's current
/// configuration to attach to the frames that follow it. Not thread-safe: one
/// per publishing connection.
class media_input {
public:
    /// Converts a body of `kind` (flv::media_kind_of) sent at `timestamp_ms`.
    /// Never fails: script data becomes a metadata or data item with the AMF
    /// bytes as its data, and an audio or video body to_media cannot convert
    /// (truncated) becomes an `other` item whose kept header is the whole body,
    /// so it passes through byte for byte.
    media::media_item convert(media::media_kind kind, std::uint32_t timestamp_ms, const lal::payload& body);
    /// The configuration in effect on the audio or video track (null before one came).
    const media::track_config_ptr& config(media::media_kind kind) const noexcept {
        return kind == media::media_kind::video ? video_ : audio_;
    }
    /// Forgets the configurations (the source starts over).
    void reset() noexcept;

private:
    media::track_config_ptr video_;
    media::track_config_ptr audio_;
};

}  // namespace lal::flv
