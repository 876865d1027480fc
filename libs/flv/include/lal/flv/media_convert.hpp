// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>
#include <lal/flv/tag.hpp>
#include <lal/media/frame.hpp>
#include <lal/media/item.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::flv {

/// The media model's item (lal::media::media_item), under the name its first
/// users know; to_media fills it with source container::flv.
using media_item = media::media_item;

/// Converts an audio or video tag body sent at `timestamp_ms`: legacy headers
/// (FLV spec v10.1 E.4.2.1, E.4.3.1; codec id 12 as HEVC, 13 as AV1 with the
/// AVC layout) and Enhanced RTMP (ExVideoTagHeader, ExAudioTagHeader). dts is
/// the timestamp, pts adds CompositionTime; every item gets kind, codec and
/// dts, and its header is kept (source container::flv). `current` is the
/// track's configuration so far, attached to frames. Errors: errc::truncated (an empty
/// body, or one that ends inside its header), errc::unknown_tag_type (script data).
lal::result<media_item> to_media(tag_type type, std::uint32_t timestamp_ms, const lal::payload& body,
                                 media::track_config_ptr current = nullptr);

/// The tag body of `item`, as pieces: its kept FLV header then its data (exactly
/// the body to_media read); for metadata and data the AMF bytes; or, for an
/// item without an FLV header (made from
/// another input), a header built from the model: legacy AVC (7) and HEVC
/// (12) with CompositionTime in ms, Enhanced RTMP for AV1 and VP9, AAC, MP3,
/// G.711 and Enhanced RTMP Opus. Errors: errc::unsupported_codec.
lal::result<media::wire_form> to_flv_body(const media_item& item);

}  // namespace lal::flv
