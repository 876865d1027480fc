// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lal::moqt {

/// One track of an MSF catalog (draft-ietf-moq-msf-01): what a player
/// needs to subscribe and to configure its decoder before the first object.
struct msf_track {
    std::string name;                      ///< track name in the broadcast's namespace ("video")
    std::string role;                      ///< "video" or "audio"
    std::string codec;                     ///< RFC 6381 codec string ("avc1.64001F", "mp4a.40.2", "opus")
    std::string packaging = "legacy";      ///< how objects are framed; see media_object.hpp
    std::vector<std::byte> init_data;      ///< decoder configuration (avcC, AudioSpecificConfig, OpusHead)
    std::optional<std::uint32_t> width;    ///< coded width in pixels
    std::optional<std::uint32_t> height;   ///< coded height in pixels
    std::optional<std::uint32_t> samplerate;  ///< audio sample rate in Hz
    std::optional<std::uint32_t> channels;    ///< audio channel count (channelConfig)
    std::optional<std::uint64_t> bitrate;     ///< bits per second, when known
};

/// The catalog of one broadcast as the JSON text of MSF draft-01: version
/// "draft-01", live tracks, and the decoder configurations in a root
/// `initDataList` of inline base64 entries that tracks name by `initRef`.
std::string msf_catalog_json(std::span<const msf_track> tracks);

}  // namespace lal::moqt
