// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include <lal/base/payload.hpp>
#include <lal/hub/output_form.hpp>
#include <lal/media/item.hpp>
#include <lal/media/kind.hpp>

namespace lal::hub {

using media::media_kind;

/// One published item after it entered the hub: a media::media_item (coded
/// frame, configuration change, end of sequence, metadata, data, or an item
/// passed through unread) on the stream's timeline, immutable apart from its
/// lazily built wire forms, and shared by every subscriber and the GOP cache.
///
/// A configuration change travels as a frame of its own (what() == config,
/// config() the new track_config) so it reaches live subscribers exactly
/// between the frames it separates; the GOP cache keeps the latest one per
/// track for joiners, and coded frames point to the config in effect.
class frame {
public:
    /// What a frame carries.
    using type = media::media_item::type;

    /// `item` with dts/pts already on the stream's timeline. `forms` builds
    /// the wire forms and must outlive the frame (null: no wire forms).
    frame(media::media_item item, const output_forms* forms) noexcept : item_(std::move(item)), forms_(forms) {}
    ~frame();
    frame(const frame&) = delete;
    frame& operator=(const frame&) = delete;

    /// The whole item, as output forms read it.
    const media::media_item& item() const noexcept { return item_; }
    /// What the frame carries (frame, config, end_of_sequence, metadata, data, other).
    type what() const noexcept { return item_.what; }
    /// Its track: audio or video, or metadata / data.
    media_kind kind() const noexcept { return item_.frame.kind; }
    /// Codec of the track (unknown for metadata and data).
    media::codec_id codec() const noexcept { return item_.frame.codec; }
    /// Decode time in µs on the stream's (monotonic across republish) timeline.
    media::micros dts() const noexcept { return item_.frame.dts; }
    /// Presentation time in µs, on the same timeline.
    media::micros pts() const noexcept { return item_.frame.pts; }
    /// The payload: length-prefixed NAL units, a raw audio frame, AMF bytes for
    /// metadata and data; the record for a config; empty for other items.
    const lal::payload& data() const noexcept {
        return item_.what == type::config && item_.config ? item_.config->record : item_.frame.data;
    }
    /// The track configuration: the new one for a config, the one in effect for a frame.
    const media::track_config_ptr& config() const noexcept { return item_.config; }
    /// Bytes the frame holds (kept source header plus payload).
    std::size_t size() const noexcept { return media::content_size(item_); }
    /// True for a video key frame: a GOP starts here.
    bool is_keyframe() const noexcept {
        return item_.frame.kind == media_kind::video && item_.frame.keyframe && item_.what != type::config;
    }
    /// True for a configuration change.
    bool is_config() const noexcept { return item_.what == type::config; }
    /// True for metadata, data and configurations: small, needed to understand
    /// what follows, never dropped and not counted as queued media time.
    bool is_control() const noexcept { return !media::is_av(kind()) || is_config(); }
    /// Position in the stream, increasing by one per frame (0 for frames not yet sequenced).
    std::uint64_t sequence() const noexcept { return sequence_; }
    void set_sequence(std::uint64_t s) noexcept { sequence_ = s; }
    /// Number of video key frames in the stream up to and including this
    /// frame: its GOP's number, the same for every subscriber (0 before the first).
    std::uint64_t gop() const noexcept { return gop_; }
    void set_gop(std::uint64_t g) noexcept { gop_ = g; }

    /// The frame's bytes in registered form `form`, encoded on first use by
    /// whichever thread asks first; later calls return the same shared pieces.
    /// An ordered form's bytes: those its stream_encoder set, or none.
    const media::wire_form& encoded(form_index form) const;
    /// Sets the bytes of ordered form `form`; the stream calls it at flush,
    /// before the frame is shared. A second call for the same form is ignored.
    void set_encoded(form_index form, media::wire_form bytes);

private:
    media::media_item item_;
    std::uint64_t sequence_ = 0;
    std::uint64_t gop_ = 0;
    const output_forms* forms_;
    // One slot per possible form: a pointer keeps an unused slot at 8 bytes.
    mutable std::array<std::once_flag, max_output_forms> once_;
    mutable std::array<const media::wire_form*, max_output_forms> encoded_{};
};

/// Frames are shared, never copied.
using frame_ptr = std::shared_ptr<const frame>;

}  // namespace lal::hub
