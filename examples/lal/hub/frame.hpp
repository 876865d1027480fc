// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>

namespace lal::server {

/// What a published message carries. Metadata is the stream's onMetaData (kept
/// for new players); data is any other data message (forwarded live only).
enum class media_kind : std::uint8_t { audio, video, metadata, data };

/// The RTMP message type / FLV tag type of a kind (RTMP spec 7.1, FLV E.4.1).
constexpr std::uint8_t message_type_of(media_kind k) noexcept {
    switch (k) {
        case media_kind::audio: return 8;
        case media_kind::video: return 9;
        default: return 18;
    }
}

/// The wire forms a frame can be sent in; each is encoded at most once per frame.
enum class output_form : std::uint8_t { rtmp_chunks = 0, flv_tag = 1 };
inline constexpr std::size_t output_form_count = 2;

class frame;

/// Turns a frame into the bytes of one output form (e.g. RTMP chunks at the
/// server's chunk size). Implementations must be callable from any thread.
class frame_encoder {
public:
    virtual ~frame_encoder() = default;
    /// The complete wire bytes of `f` in `form`.
    virtual lal::payload encode(const frame& f, output_form form) const = 0;
};

/// One published message after it entered the hub: immutable apart from its
/// lazily built wire forms, and shared by every subscriber and the GOP cache.
class frame {
public:
    /// A frame of `kind` at `timestamp` ms whose body is the RTMP message body
    /// (the same bytes as an FLV tag's data). `encoder` must outlive the frame.
    frame(media_kind kind, std::uint32_t timestamp, lal::payload body, const frame_encoder* encoder);

    media_kind kind() const noexcept { return kind_; }
    /// Timestamp in ms on the stream's (monotonic across republish) timeline.
    std::uint32_t timestamp() const noexcept { return timestamp_; }
    /// The message body, shared.
    const lal::payload& body() const noexcept { return body_; }
    /// True for a video key frame (not a sequence header).
    bool is_keyframe() const noexcept { return keyframe_; }
    /// True for an AVC/HEVC decoder configuration or an AAC AudioSpecificConfig.
    bool is_sequence_header() const noexcept { return sequence_header_; }
    /// Position in the stream, increasing by one per frame (0 for frames not yet sequenced).
    std::uint64_t sequence() const noexcept { return sequence_; }
    void set_sequence(std::uint64_t s) noexcept { sequence_ = s; }

    /// The frame's bytes in `form`, encoded on first use by whichever thread asks
    /// first; later calls return the same shared bytes.
    const lal::payload& encoded(output_form form) const;

private:
    media_kind kind_;
    bool keyframe_ = false;
    bool sequence_header_ = false;
    std::uint32_t timestamp_;
    std::uint64_t sequence_ = 0;
    lal::payload body_;
    const frame_encoder* encoder_;
    mutable std::once_flag once_[output_form_count];
    mutable lal::payload forms_[output_form_count];
};

/// Frames are shared, never copied.
using frame_ptr = std::shared_ptr<const frame>;

/// Classifies an FLV audio/video tag body (FLV spec E.4.2.1, E.4.3.1; enhanced
/// RTMP ExVideoTagHeader): is it a key frame, is it a sequence header.
struct body_class {
    bool keyframe = false;
    bool sequence_header = false;
};
/// Looks at the first bytes of an audio or video body; metadata is neither.
body_class classify_body(media_kind kind, lal::byte_span body) noexcept;

}  // namespace lal::server
