// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/moqt/draft20.hpp>

namespace lal::moqt {

/// Appends one media object payload in the "legacy" packaging that the
/// @moq/watch player decodes for MSF tracks that are not CMAF: the
/// presentation time in microseconds as a QUIC variable-length integer
/// (RFC 9000 16, not MoQT's varint), then the codec frame unchanged (H.264
/// as avcC length-prefixed NAL units, AAC raw, Opus packets). Times above
/// 2^62 - 1 are clamped.
void append_media_object(std::uint64_t timestamp_us, byte_span frame, std::vector<std::byte>& out);

/// Numbers a stream's frames into MoQT groups and objects (draft-20 2.2,
/// 2.3): a group is a GOP, opened by a video key frame; audio objects go to
/// the group video has open, so both tracks of a new subscriber start at the
/// same key frame. Without video, audio groups are cut every
/// `audio_group_us`. Group ids are chosen by the caller, the same for every
/// subscriber of the stream, and raised when needed so they only grow: the
/// server passes a key frame's GOP number, so consecutive GOPs are
/// consecutive groups (players that see group N+1 after N know nothing is
/// missing), and an audio-only group's stream-wide frame number.
class media_groups {
public:
    /// Cuts audio-only groups every `audio_group_us` microseconds.
    explicit media_groups(std::int64_t audio_group_us = 1'000'000) : audio_group_us_(audio_group_us) {}

    /// Where a video frame goes; `id` names the group a key frame opens.
    /// Empty before the first key frame (nothing can decode it).
    std::optional<draft20::location> video(bool keyframe, std::uint64_t id);
    /// Where an audio frame with time `dts_us` goes; `id` names a group it
    /// opens when there is no video.
    std::optional<draft20::location> audio(std::int64_t dts_us, std::uint64_t id);
    /// The last video and audio locations placed, if any.
    std::optional<draft20::location> last_video() const noexcept { return last_video_; }
    std::optional<draft20::location> last_audio() const noexcept { return last_audio_; }

private:
    std::int64_t audio_group_us_;
    std::optional<std::uint64_t> video_group_;   // the group video has open
    std::optional<draft20::location> last_video_;
    std::optional<draft20::location> last_audio_;
    std::int64_t audio_group_start_ = 0;          // dts that opened an audio-only group
};

}  // namespace lal::moqt
