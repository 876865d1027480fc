// SPDX-License-Identifier: MIT
#include <lal/flv/media_input.hpp>

#include <lal/flv/frame_class.hpp>

namespace lal::flv {

media::media_item media_input::convert(media::media_kind kind, std::uint32_t timestamp_ms, const lal::payload& body) {
    using media::media_item;
    if (!media::is_av(kind)) {
        // Script data (E.4.4): the AMF bytes are the item, in any container.
        media_item item;
        item.what = kind == media::media_kind::metadata ? media_item::type::metadata : media_item::type::data;
        item.frame.kind = kind;
        item.frame.dts = item.frame.pts = media::from_ms(timestamp_ms);
        item.frame.data = body;
        return item;
    }
    auto& current = kind == media::media_kind::video ? video_ : audio_;
    const auto type = kind == media::media_kind::video ? tag_type::video : tag_type::audio;
    auto converted = to_media(type, timestamp_ms, body, current);
    if (converted) {
        if (converted->what == media_item::type::config) current = converted->config;
        return std::move(*converted);
    }
    // Truncated: relayed as it came, whole.
    media_item item;
    item.what = media_item::type::other;
    item.source = media::container::flv;
    item.header = body;
    item.frame.kind = kind;
    item.frame.dts = item.frame.pts = media::from_ms(timestamp_ms);
    item.frame.keyframe = kind == media::media_kind::video && classify(type, body.bytes()).keyframe;
    item.config = current;
    return item;
}

void media_input::reset() noexcept {
    video_.reset();
    audio_.reset();
}

}  // namespace lal::flv
