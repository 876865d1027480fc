// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/fmp4/track.hpp>
#include <lal/media/frame.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::fmp4 {

/// Frames of one live stream into fMP4: an initialization segment for the
/// current tracks (video track 1, audio track 2) and one fragment per frame,
/// so a player gets each frame as soon as it is published (the lowest
/// latency fMP4 allows; a file or HLS segment is the same fragments in a
/// row). Sans-IO, not thread-safe.
///
/// Times: a track's timescale is 90 kHz for video and the sample rate for
/// audio; tfdt is the frame's dts converted from µs, so durations never add
/// up to drift. A frame's duration is known for audio (AAC: 1024 or 960
/// samples; Opus: from its TOC) and for video is the previous dts step (the
/// next frame is not there yet), 1/30 s for the first.
class muxer {
public:
    /// Sets the configuration of a track (its kind is the config's). Returns
    /// true when the initialization segment changes (a new track, codec or record).
    /// Errors (the track left as it was): make_track's.
    lal::result<bool> set_config(const lal::media::track_config_ptr& config);

    /// The initialization segment of the current tracks (ftyp + moov), one
    /// shared payload replaced on each change; empty before a track is set.
    const lal::payload& init_segment();

    /// The fragment of `frame`: one piece of moof + mdat header, then the
    /// frame's bytes as a slice (an AV1 temporal delimiter OBU left out,
    /// AV1-ISOBMFF 2.4). A frame whose config differs from its track's sets it
    /// first. Errors: unsupported_codec (no track for the frame, or a codec
    /// fMP4 does not carry here), append_fragment_head's.
    lal::result<lal::media::wire_form> fragment(const lal::media::media_frame& frame);

    /// The mfhd sequence number the next fragment gets.
    std::uint32_t next_sequence() const noexcept { return sequence_; }

    /// Track id of video and audio.
    static constexpr std::uint32_t video_track_id = 1;
    static constexpr std::uint32_t audio_track_id = 2;

private:
    struct slot {
        track info;
        lal::media::track_config_ptr config;
        std::optional<std::uint64_t> last_dts;  // in the track's timescale
        std::uint32_t last_step = 0;
        std::uint32_t frame_samples = 1024;  // AAC samples per frame
    };
    std::optional<slot> video_;
    std::optional<slot> audio_;
    lal::payload init_;
    bool dirty_ = false;
    std::uint32_t sequence_ = 1;
};

/// `us` microseconds in units of `timescale` per second, rounded down (0 for negative times).
std::uint64_t to_timescale(lal::media::micros us, std::uint32_t timescale) noexcept;

}  // namespace lal::fmp4
