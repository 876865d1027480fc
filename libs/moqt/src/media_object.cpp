// SPDX-License-Identifier: MIT
#include <lal/moqt/media_object.hpp>

#include <algorithm>

namespace lal::moqt {

namespace {
constexpr std::uint64_t quic_varint_max = (std::uint64_t{1} << 62) - 1;

// RFC 9000 16: the two top bits of the first byte give the length (1, 2, 4, 8).
void append_quic_varint(std::uint64_t v, std::vector<std::byte>& out) {
    v = std::min(v, quic_varint_max);
    std::size_t n = 8;
    std::uint64_t prefix = 3;
    if (v < (1u << 6)) {
        n = 1;
        prefix = 0;
    } else if (v < (1u << 14)) {
        n = 2;
        prefix = 1;
    } else if (v < (1u << 30)) {
        n = 4;
        prefix = 2;
    }
    v |= prefix << (8 * n - 2);
    for (std::size_t i = n; i > 0; --i) out.push_back(static_cast<std::byte>(v >> (8 * (i - 1))));
}
}  // namespace

void append_media_object(std::uint64_t timestamp_us, byte_span frame, std::vector<std::byte>& out) {
    out.reserve(out.size() + 8 + frame.size());
    append_quic_varint(timestamp_us, out);
    out.insert(out.end(), frame.begin(), frame.end());
}

std::optional<draft20::location> media_groups::video(bool keyframe, std::uint64_t id) {
    if (keyframe) {
        // Group IDs only grow within a track (2.3), and audio follows video's.
        std::uint64_t floor = 0;
        if (last_video_) floor = last_video_->group + 1;
        if (last_audio_) floor = std::max(floor, last_audio_->group + 1);
        video_group_ = std::max(id, floor);
        last_video_ = draft20::location{*video_group_, 0};
        return last_video_;
    }
    if (!video_group_) return std::nullopt;
    last_video_ = draft20::location{*video_group_, last_video_->object + 1};
    return last_video_;
}

std::optional<draft20::location> media_groups::audio(std::int64_t dts_us, std::uint64_t id) {
    if (video_group_) {
        const bool same = last_audio_ && last_audio_->group == *video_group_;
        last_audio_ = draft20::location{*video_group_, same ? last_audio_->object + 1 : 0};
        return last_audio_;
    }
    const bool cut = !last_audio_ || dts_us < audio_group_start_ || dts_us - audio_group_start_ >= audio_group_us_;
    if (!cut) {
        last_audio_->object += 1;
        return last_audio_;
    }
    audio_group_start_ = dts_us;
    last_audio_ = draft20::location{last_audio_ ? std::max(id, last_audio_->group + 1) : id, 0};
    return last_audio_;
}

}  // namespace lal::moqt
