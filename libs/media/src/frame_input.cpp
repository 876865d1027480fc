// SPDX-License-Identifier: MIT
#include <algorithm>

#include <lal/media/frame_input.hpp>

namespace lal::media {
namespace {

bool same_config(const track_config_ptr& a, const track_config_ptr& b) noexcept {
    if (a == b) return true;
    if (!a || !b) return false;
    return a->codec == b->codec && a->kind == b->kind &&
           std::ranges::equal(a->record.bytes(), b->record.bytes());
}

}  // namespace

std::vector<media_item> frame_input::convert(const media_frame& frame) {
    std::vector<media_item> out;
    const bool tracked = is_av(frame.kind);
    auto& current = frame.kind == media_kind::video ? video_ : audio_;
    track_config_ptr config = frame.config;
    if (tracked && frame.config) {
        if (!same_config(current, frame.config)) {
            current = frame.config;
            media_item change;
            change.what = media_item::type::config;
            change.frame.kind = frame.kind;
            change.frame.codec = frame.config->codec;
            change.frame.dts = frame.dts;
            change.frame.pts = frame.dts;
            change.config = current;
            out.push_back(std::move(change));
        }
        config = current;  // the equal configuration already announced: one shared pointer
    }
    media_item item;
    item.what = media_item::type::frame;
    item.frame = frame;
    item.frame.config = config;
    item.config = config;
    out.push_back(std::move(item));
    return out;
}

void frame_input::reset() noexcept {
    video_.reset();
    audio_.reset();
}

}  // namespace lal::media
