// SPDX-License-Identifier: MIT
// FLV tag body <-> media model (lal::flv::to_media, to_flv_body). The first
// input byte picks audio or video and a timestamp; the rest is the body.
// Properties:
// - a body that converts comes back byte for byte from its kept header and
//   data, and its data (or configuration record) is a slice of the body;
// - dts is the message time plus under 1 ms (ModEx TimestampOffsetNano);
// - pts - dts is a whole number of ms within SI24;
// - an item rebuilt without its kept header, when the model can name its
//   codec, converts again to the same model (kind, codec, key flag, dts, pts,
//   data bytes);
// - errors are lal::flv's;
// - flv::media_input converts every body, and an output in FLV gives it back
//   byte for byte, converted or passed through.
#include <cstdint>

#include <lal/flv/media_convert.hpp>
#include <lal/flv/media_input.hpp>

#include "fuzz_support.hpp"

namespace flv = lal::flv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto type = (data[0] & 1) ? flv::tag_type::video : flv::tag_type::audio;
    const std::uint32_t timestamp = static_cast<std::uint32_t>(data[0] >> 1) * 40;
    const auto body = lal::payload::copy_from(lal::fuzz::bytes_of(data + 1, size - 1));
    {
        flv::media_input input;
        const auto kind = type == flv::tag_type::video ? lal::media::media_kind::video : lal::media::media_kind::audio;
        auto whole = flv::to_flv_body(input.convert(kind, timestamp, body));
        LAL_FUZZ_CHECK(whole.has_value());
        LAL_FUZZ_CHECK(lal::payload::copy_from(whole->flatten()) == body);
    }
    auto item = flv::to_media(type, timestamp, body);
    if (!item) {
        LAL_FUZZ_CHECK(item.error().category() == flv::category());
        return 0;
    }
    auto back = flv::to_flv_body(*item);
    LAL_FUZZ_CHECK(back.has_value());
    LAL_FUZZ_CHECK(lal::payload::copy_from(back->flatten()) == body);
    LAL_FUZZ_CHECK(item->header.shares_storage_with(body));
    if (item->what == flv::media_item::type::config) {
        LAL_FUZZ_CHECK(item->config && item->header.size() + item->config->record.size() == body.size());
    }
    if (item->what != flv::media_item::type::frame) return 0;
    const auto& f = item->frame;
    LAL_FUZZ_CHECK(item->header.size() + f.data.size() == body.size());
    // An Enhanced RTMP v2 ModEx TimestampOffsetNano adds under 1 ms.
    const auto sub_ms = f.dts - lal::media::from_ms(timestamp);
    LAL_FUZZ_CHECK(sub_ms >= 0 && sub_ms < 1000);
    const auto cts = f.pts - f.dts;
    LAL_FUZZ_CHECK(cts % 1000 == 0 && cts / 1000 >= -0x800000 && cts / 1000 <= 0x7fffff);

    auto bare = *item;
    bare.header = {};
    auto rebuilt = flv::to_flv_body(bare);
    if (!rebuilt) {
        LAL_FUZZ_CHECK(rebuilt.error() == make_error_code(flv::errc::unsupported_codec));
        return 0;
    }
    auto again = flv::to_media(type, timestamp, lal::payload::copy_from(rebuilt->flatten()));
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(again->what == flv::media_item::type::frame);
    const auto& g = again->frame;
    LAL_FUZZ_CHECK(g.kind == f.kind && g.codec == f.codec && g.keyframe == f.keyframe);
    // The kept header held any ModEx, so the rebuilt item has the message's own time.
    LAL_FUZZ_CHECK(g.dts == f.dts - sub_ms && g.pts == f.pts - sub_ms && g.data == f.data);
    return 0;
}
