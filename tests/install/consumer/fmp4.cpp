// SPDX-License-Identifier: MIT
// The lal::fmp4 part of the outside program: an init segment for an Opus
// track and one fragment, read back with the library's reader.
#include <memory>
#include <string>
#include <vector>

#include <lal/fmp4/muxer.hpp>
#include <lal/fmp4/reader.hpp>
#include <lal/opus/opus_head.hpp>

std::string fmp4_summary() {
    std::vector<std::byte> head;
    (void)lal::opus::append_opus_head(lal::opus::default_opus_head(2), head);
    auto config = std::make_shared<lal::media::track_config>();
    config->kind = lal::media::media_kind::audio;
    config->codec = lal::media::codec_id::opus;
    config->record = lal::payload::adopt(std::move(head));
    lal::fmp4::muxer m;
    if (!m.set_config(config)) return "fmp4 config failed";
    auto init = lal::fmp4::read_init_segment(m.init_segment().bytes());
    lal::media::media_frame f;
    f.kind = config->kind;
    f.codec = config->codec;
    f.config = config;
    f.dts = f.pts = 20'000;
    f.data = lal::payload::copy_from(std::string_view("\xfc\x01\x02", 3));
    auto w = m.fragment(f);
    if (!init || !w) return "fmp4 failed";
    const auto bytes = w->flatten();
    auto frag = lal::fmp4::read_fragment(bytes);
    if (!frag) return "fmp4 fragment failed";
    return "fmp4_tracks=" + std::to_string(init->tracks.size()) + " fmp4_tfdt=" +
           std::to_string(frag->runs[0].base_decode_time) + " fmp4_duration=" +
           std::to_string(frag->runs[0].samples[0].duration);
}
