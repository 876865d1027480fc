// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/flv/reader.hpp>

#include "data_path.hpp"

namespace lal::test {

/// Every audio and video item of an FLV test file in the media model, as the
/// RTMP input makes them (configs as items, frames pointing to theirs).
inline std::vector<lal::media::media_item> flv_items(const std::string& file) {
    lal::flv::reader reader;
    REQUIRE_FALSE(reader.feed(read_data(file)));
    std::vector<lal::media::media_item> out;
    lal::media::track_config_ptr video, audio;
    while (auto t = reader.next()) {
        if (t->type == lal::flv::tag_type::script) continue;
        auto& current = t->type == lal::flv::tag_type::video ? video : audio;
        auto item = lal::flv::to_media(t->type, t->timestamp, t->data, current);
        REQUIRE(item.has_value());
        if (item->what == lal::media::media_item::type::config) current = item->config;
        out.push_back(std::move(*item));
    }
    return out;
}

}  // namespace lal::test
