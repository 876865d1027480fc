// SPDX-License-Identifier: MIT
// Enhanced RTMP ExVideoTagHeader / ExAudioTagHeader (Veovera v1/v2). The
// first input byte picks audio or video, the rest is the tag body.
// Properties:
// - errors are lal::flv errors; a parsed header is no longer than the body;
// - without ModEx the header re-appends to exactly the body's first bytes,
//   and with it re-appends (ModEx dropped) to a header that parses equal
//   apart from the offset;
// - classify() names the codec of the parsed FourCC, and to_media's frames
//   and configurations start right after the parsed header.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <lal/flv/ex_header.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>

#include "fuzz_support.hpp"

namespace flv = lal::flv;

namespace {

template <class Header>
void check_common(lal::byte_span body, const Header& h, flv::tag_type type) {
    LAL_FUZZ_CHECK(h.size >= 1 && h.size <= body.size());
    const bool mod_ex = (std::to_integer<unsigned>(body[0]) & 0x0f) == 7;
    std::vector<std::byte> out;
    if constexpr (std::is_same_v<Header, flv::ex_video_header>) {
        flv::append_ex_video_header(h, out);
    } else {
        flv::append_ex_audio_header(h, out);
    }
    bool command = false;
    if constexpr (std::is_same_v<Header, flv::ex_video_header>) command = h.fourcc == 0;
    if (!mod_ex) {
        LAL_FUZZ_CHECK(out.size() == h.size);
        // A command frame's VideoCommand is written as StartSeek (0).
        if (!command)
            LAL_FUZZ_CHECK(std::equal(out.begin() + 1, out.end(), body.begin() + 1));
    }
    Header again{};
    if constexpr (std::is_same_v<Header, flv::ex_video_header>) {
        auto r = flv::parse_ex_video_header(out);
        LAL_FUZZ_CHECK(r.has_value());
        again = *r;
        LAL_FUZZ_CHECK(again.frame_type == h.frame_type && again.composition_time == h.composition_time);
    } else {
        auto r = flv::parse_ex_audio_header(out);
        LAL_FUZZ_CHECK(r.has_value());
        again = *r;
    }
    LAL_FUZZ_CHECK(again.packet_type == h.packet_type && again.fourcc == h.fourcc && again.size == out.size());

    const auto c = flv::classify(type, body);
    LAL_FUZZ_CHECK(c.enhanced && c.fourcc == h.fourcc);
    auto item = flv::to_media(type, 0, lal::payload::copy_from(body));
    LAL_FUZZ_CHECK(item.has_value());
    if (item->what == flv::media_item::type::frame) {
        LAL_FUZZ_CHECK(item->header.size() == h.size && item->frame.data.size() == body.size() - h.size);
    }
    if (item->what == flv::media_item::type::config) {
        LAL_FUZZ_CHECK(item->header.size() == h.size && item->config->record.size() == body.size() - h.size);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool video = (data[0] & 1) != 0;
    auto body = lal::fuzz::bytes_of(data + 1, size - 1);
    if (video) {
        auto h = flv::parse_ex_video_header(body);
        if (!h) {
            LAL_FUZZ_CHECK(h.error().category() == flv::category());
            return 0;
        }
        check_common(body, *h, flv::tag_type::video);
    } else {
        auto h = flv::parse_ex_audio_header(body);
        if (!h) {
            LAL_FUZZ_CHECK(h.error().category() == flv::category());
            return 0;
        }
        check_common(body, *h, flv::tag_type::audio);
    }
    return 0;
}
