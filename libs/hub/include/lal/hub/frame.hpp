// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

#include <lal/base/payload.hpp>
#include <lal/hub/output_form.hpp>
#include <lal/media/kind.hpp>

namespace lal::hub {

using media::media_kind;

/// What the input converter found out about a message, once, before it
/// entered the hub (lal::flv::classify for RTMP and FLV input).
struct frame_info {
    media_kind kind = media_kind::data;
    /// A video key frame carrying picture data: a GOP starts here.
    bool keyframe = false;
    /// Decoder configuration (sequence header): kept per track by the cache
    /// and never dropped for a slow subscriber.
    bool sequence_header = false;
};

/// One published message after it entered the hub: immutable apart from its
/// lazily built wire forms, and shared by every subscriber and the GOP cache.
class frame {
public:
    /// A frame described by `info` at `timestamp` ms whose body is the RTMP
    /// message body (the bytes of an FLV tag's data). `forms` builds the wire
    /// forms and must outlive the frame (null: the frame has no wire forms).
    frame(frame_info info, std::uint32_t timestamp, lal::payload body, const output_forms* forms) noexcept
        : info_(info), timestamp_(timestamp), body_(std::move(body)), forms_(forms) {}
    ~frame();
    frame(const frame&) = delete;
    frame& operator=(const frame&) = delete;

    media_kind kind() const noexcept { return info_.kind; }
    /// Timestamp in ms on the stream's (monotonic across republish) timeline.
    std::uint32_t timestamp() const noexcept { return timestamp_; }
    /// The message body, shared.
    const lal::payload& body() const noexcept { return body_; }
    /// True for a video key frame (not a sequence header).
    bool is_keyframe() const noexcept { return info_.keyframe; }
    /// True for a decoder configuration (AVC/HEVC/AV1 sequence header, AAC AudioSpecificConfig...).
    bool is_sequence_header() const noexcept { return info_.sequence_header; }
    /// True for metadata, data and sequence headers: small, needed to
    /// understand what follows, never dropped and not counted as queued media time.
    bool is_control() const noexcept {
        return !media::is_av(info_.kind) || info_.sequence_header;
    }
    /// Position in the stream, increasing by one per frame (0 for frames not yet sequenced).
    std::uint64_t sequence() const noexcept { return sequence_; }
    void set_sequence(std::uint64_t s) noexcept { sequence_ = s; }

    /// The frame's bytes in registered form `form`, encoded on first use by
    /// whichever thread asks first; later calls return the same shared pieces.
    const media::wire_form& encoded(form_index form) const;

private:
    frame_info info_;
    std::uint32_t timestamp_;
    std::uint64_t sequence_ = 0;
    lal::payload body_;
    const output_forms* forms_;
    // One slot per possible form: a pointer keeps an unused slot at 8 bytes.
    mutable std::array<std::once_flag, max_output_forms> once_;
    mutable std::array<const media::wire_form*, max_output_forms> encoded_{};
};

/// Frames are shared, never copied.
using frame_ptr = std::shared_ptr<const frame>;

}  // namespace lal::hub
