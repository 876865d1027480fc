// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace lal::media {

/// The codec of a track, independent of the container that carried it.
/// `other_video` / `other_audio` stand for codecs the model names no further
/// (Sorenson H.263, VP6, Nellymoser, Speex, PCM...): their frames pass
/// through unchanged.
enum class codec_id : std::uint8_t {
    unknown = 0,
    h264,
    h265,
    av1,
    vp9,
    other_video,
    aac,
    opus,
    g711a,
    g711u,
    mp3,
    other_audio,
};

/// True for the video codecs.
constexpr bool is_video(codec_id c) noexcept { return c >= codec_id::h264 && c <= codec_id::other_video; }
/// True for the audio codecs.
constexpr bool is_audio(codec_id c) noexcept { return c >= codec_id::aac && c <= codec_id::other_audio; }

/// A short lowercase name for logs ("h264", "aac", ...).
std::string_view name(codec_id c) noexcept;

}  // namespace lal::media
