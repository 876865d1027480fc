// SPDX-License-Identifier: MIT
// The frames of an FLV file in the lal::media model, for the TS tests and the
// TS interop tool: the test media come as FLV.
#pragma once

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <lal/flv/media_convert.hpp>
#include <lal/flv/reader.hpp>
#include <lal/media/frame.hpp>

namespace lal::test {

/// An FLV's audio and video frames in file order with the last configuration of each track.
struct flv_media {
    media::track_config_ptr video;
    media::track_config_ptr audio;
    std::vector<media::media_frame> frames;
};

/// Converts a whole FLV file's bytes; throws on a malformed file.
inline flv_media read_flv_media(std::span<const std::byte> file) {
    flv::reader reader;
    if (reader.feed(file)) throw std::runtime_error("FLV does not parse");
    flv_media out;
    while (auto t = reader.next()) {
        if (t->type == flv::tag_type::script) continue;
        auto& current = t->type == flv::tag_type::video ? out.video : out.audio;
        auto item = flv::to_media(t->type, t->timestamp, t->data, current);
        if (!item) throw std::runtime_error("FLV tag does not convert: " + item.error().message());
        if (item->what == flv::media_item::type::config) current = item->config;
        if (item->what == flv::media_item::type::frame) out.frames.push_back(item->frame);
    }
    return out;
}

}  // namespace lal::test
