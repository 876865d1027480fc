// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace lal::media {

/// What a published item carries. Metadata is the stream's description
/// (onMetaData), kept for late joiners; data is any other timed data message,
/// forwarded live only.
enum class media_kind : std::uint8_t { audio, video, metadata, data };

/// True for audio and video (items with a codec and a timeline of their own).
constexpr bool is_av(media_kind k) noexcept { return k == media_kind::audio || k == media_kind::video; }

}  // namespace lal::media
