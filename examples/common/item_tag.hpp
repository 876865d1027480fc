// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include <lal/flv/media_convert.hpp>
#include <lal/flv/tag.hpp>
#include <lal/media/item.hpp>

namespace lal_tools {

/// The FLV tag of an audio or video item made from another container (an
/// RTSP pull): the body lal::flv::to_flv_pieces builds (sequence header for a
/// config item, codec header plus data for a frame), at the item's dts in ms
/// (never below 0: FLV timestamps are unsigned, E.4.1). Empty for what FLV
/// cannot carry.
inline std::optional<lal::flv::tag> item_tag(const lal::media::media_item& item) {
    if (!lal::media::is_av(item.frame.kind)) return std::nullopt;
    auto body = lal::flv::to_flv_pieces(item);
    if (!body) return std::nullopt;
    std::vector<std::byte> bytes;
    bytes.reserve(body->size());
    for (const auto& p : body->pieces()) bytes.insert(bytes.end(), p.bytes().begin(), p.bytes().end());
    const auto ms = std::max<std::int64_t>(0, lal::media::to_ms(item.frame.dts));
    return lal::flv::tag{item.frame.kind == lal::media::media_kind::video ? lal::flv::tag_type::video
                                                                           : lal::flv::tag_type::audio,
                         static_cast<std::uint32_t>(ms), 0, lal::payload::adopt(std::move(bytes))};
}

}  // namespace lal_tools
