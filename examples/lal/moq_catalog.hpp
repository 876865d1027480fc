// SPDX-License-Identifier: MIT
#pragma once

#include <optional>

#include <lal/media/frame.hpp>
#include <lal/moqt/msf_catalog.hpp>

namespace lal::server {

/// The MSF catalog entry of a track the MoQT publisher serves (H.264 with its
/// avcC, AAC with its AudioSpecificConfig, Opus with its OpusHead), named
/// "video" or "audio"; empty for other codecs or a record that does not parse.
std::optional<lal::moqt::msf_track> msf_track_for(const lal::media::track_config& config);

/// True for the codecs msf_track_for describes.
bool moq_serves(lal::media::codec_id codec) noexcept;

}  // namespace lal::server
