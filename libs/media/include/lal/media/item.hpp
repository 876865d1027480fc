// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/payload.hpp>
#include <lal/media/frame.hpp>

namespace lal::media {

/// The container an item's kept source header came from: an output in the
/// same container writes the header back (byte-exact relaying); every other
/// output ignores it and builds its own from the model.
enum class container : std::uint8_t { none, flv };

/// One published item in the media model, converted once as it enters (e.g.
/// lal::flv::to_media): a coded frame, a track configuration change, an end
/// of sequence, metadata, timed data, or something the model cannot name.
struct media_item {
    /// What the item carries.
    enum class type : std::uint8_t {
        frame,            ///< a coded frame: `frame`
        config,           ///< a new track configuration: `config`
        end_of_sequence,  ///< AVC/HEVC end of sequence, Enhanced RTMP SequenceEnd
        metadata,         ///< the stream's description (onMetaData): AMF bytes in frame.data
        data,             ///< any other timed data message: AMF bytes in frame.data
        other,            ///< anything else (command frames, unparsable bodies): the source header only
    };
    type what = type::other;
    /// For every item: frame.kind and frame.dts (the item's time). For frames:
    /// all of it, its data a slice of the input. For metadata and data: the
    /// AMF bytes in frame.data.
    media_frame frame;
    /// what == config: the new configuration. what == frame: the configuration
    /// in effect (also frame.config).
    track_config_ptr config;
    /// The source container's bytes before the data or record (a slice of the
    /// input): with them an output in the `source` container rebuilds the input
    /// exactly, including what the model does not say.
    lal::payload header;
    /// The container `header` came from (none: no header).
    container source = container::none;
};

/// Bytes of the item's content: its kept header plus its data or record.
inline std::size_t content_size(const media_item& item) noexcept {
    const auto& body = item.what == media_item::type::config && item.config ? item.config->record : item.frame.data;
    return item.header.size() + body.size();
}

}  // namespace lal::media
