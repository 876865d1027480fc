// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>
#include <lal/flv/tag.hpp>
#include <lal/media/frame.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::flv {

/// An FLV audio or video tag body (= RTMP audio/video message body) in the
/// media model, converted once as it enters.
struct media_item {
    /// What the body carries.
    enum class type : std::uint8_t {
        frame,            ///< a coded frame: `frame`
        config,           ///< a sequence header: `config`
        end_of_sequence,  ///< AVC/HEVC end of sequence, Enhanced RTMP SequenceEnd
        other,            ///< anything else (command frames, metadata packets): header only
    };
    type what = type::other;
    /// what == frame. Its data is a slice of the body (shares its storage).
    media::media_frame frame;
    /// what == config: the new configuration, its record a slice of the body.
    /// what == frame: the configuration passed in, attached to the frame.
    media::track_config_ptr config;
    /// The FLV bytes before the data or record, a slice of the body. With it
    /// to_flv_body gives back the input exactly, including what the model does
    /// not say (FrameType 3..5, SoundRate/Size/Type bits, CodedFramesX...).
    lal::payload header;
};

/// Converts an audio or video tag body sent at `timestamp_ms`: legacy headers
/// (FLV spec v10.1 E.4.2.1, E.4.3.1; codec id 12 as HEVC, 13 as AV1 with the
/// AVC layout) and Enhanced RTMP (ExVideoTagHeader, ExAudioTagHeader). dts is
/// the timestamp, pts adds CompositionTime. `current` is the track's
/// configuration so far, attached to frames. Errors: errc::truncated (an empty
/// body, or one that ends inside its header), errc::unknown_tag_type (script data).
lal::result<media_item> to_media(tag_type type, std::uint32_t timestamp_ms, const lal::payload& body,
                                 media::track_config_ptr current = nullptr);

/// The tag body of `item`, as pieces: its kept header then its data (exactly
/// the body to_media read), or, for an item without a header (made from
/// another input), a header built from the model: legacy AVC (7) and HEVC
/// (12) with CompositionTime in ms, Enhanced RTMP for AV1 and VP9, AAC, MP3,
/// G.711 and Enhanced RTMP Opus. Errors: errc::unsupported_codec.
lal::result<media::wire_form> to_flv_body(const media_item& item);

}  // namespace lal::flv
