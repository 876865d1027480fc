// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

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

/// An item's FLV body as pieces for an output form: the kept header and data
/// (or script data's AMF bytes) held inline, so the forms' common case makes
/// no piece list; otherwise the body to_flv_body builds.
struct body_pieces {
    std::array<lal::payload, 2> kept{};
    std::size_t count = 0;  ///< pieces in `kept` (0: see `built`)
    media::wire_form built;
    /// The pieces, in order (none empty).
    std::span<const lal::payload> pieces() const noexcept {
        return count != 0 ? std::span<const lal::payload>(kept.data(), count) : built.pieces();
    }
    /// Total bytes.
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (const auto& p : pieces()) n += p.size();
        return n;
    }
};

/// The same bytes as to_flv_body(item), without a heap-allocated piece list
/// when the item keeps its FLV header. Errors: errc::unsupported_codec.
lal::result<body_pieces> to_flv_pieces(const media_item& item);

}  // namespace lal::flv
