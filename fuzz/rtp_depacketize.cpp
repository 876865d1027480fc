// SPDX-License-Identifier: MIT
// Depacketizers (H.264, H.265, AAC, Opus, G.711, AV1) fed packets of any content.
// Input: one byte choosing the codec and options, then packets, each a
// 2-byte length and that many bytes. Properties:
// - push() errors are lal::rtp's and the depacketizer keeps working;
// - every frame is within max_frame_size; video frames are whole
//   4-byte length-prefixed NAL units (AV1: OBUs with obu_size, no temporal
//   delimiter), the first is a key frame, and every key frame has a configuration;
// - a key frame or audio frame packetized again and given to a fresh
//   depacketizer comes out with the same bytes and key flag.
#include <cstdint>

#include <lal/av1/obu.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/base/byte_reader.hpp>
#include <lal/rtp/depacketizer.hpp>
#include <lal/rtp/packetizer.hpp>
#include <lal/rtp/sender.hpp>

#include "fuzz_support.hpp"

namespace rtp = lal::rtp;
namespace media = lal::media;

namespace {
constexpr media::codec_id codecs[] = {media::codec_id::h264, media::codec_id::h265, media::codec_id::aac,
                                      media::codec_id::opus, media::codec_id::g711a, media::codec_id::av1};

void check_round_trip(const media::media_frame& f, std::uint32_t rate, const rtp::depacketizer_options& o) {
    rtp::packetizer_options po;
    po.max_payload = media::is_video(f.codec) || f.codec == media::codec_id::aac ? 200 : 1 << 20;
    po.parameter_sets_at_keyframes = false;
    auto packets = rtp::packetize(f, rate, po);
    if (!packets) {
        // Only AAC frames above the 13-bit AU-size of AAC-hbr cannot be sent.
        LAL_FUZZ_CHECK(f.codec == media::codec_id::aac && f.data.size() > 0x1fff);
        return;
    }
    auto d = rtp::make_depacketizer(f.codec, rate, f.config, o);
    rtp::sender s(1, 96, 0, 0);
    for (const auto& plan : packets->packets) {
        auto p = rtp::parse_packet(lal::payload::adopt(s.packet(plan).flatten()));
        LAL_FUZZ_CHECK(p.has_value());
        LAL_FUZZ_CHECK(!d->push(*p));
    }
    d->flush();
    auto g = d->next();
    LAL_FUZZ_CHECK(g.has_value());
    LAL_FUZZ_CHECK(g->data == f.data && g->keyframe == f.keyframe);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto mode = data[0];
    const auto codec = codecs[(mode & 7) % 6];
    const std::uint32_t rate = codec == media::codec_id::g711a ? 8000 : codec == media::codec_id::opus ? 48000 : 90000;
    rtp::depacketizer_options o;
    o.max_frame_size = (mode & 0x80) ? 512 : 1 << 20;
    auto d = rtp::make_depacketizer(codec, rate, nullptr, o);
    LAL_FUZZ_CHECK(d != nullptr);

    lal::byte_reader r(lal::fuzz::bytes_of(data + 1, size - 1));
    bool first_video = true;
    for (;;) {
        auto len = r.u16();
        if (!len) break;
        auto bytes = r.bytes(std::min<std::size_t>(*len, r.remaining()));
        auto p = rtp::parse_packet(lal::payload::copy_from(*bytes));
        if (!p) continue;
        if (auto ec = d->push(*p)) LAL_FUZZ_CHECK(ec.category() == rtp::category());
        if (r.empty()) d->flush();
        while (auto f = d->next()) {
            LAL_FUZZ_CHECK(f->codec == codec && f->data.size() <= o.max_frame_size + 4);
            if (codec == media::codec_id::av1) {
                auto obus = lal::av1::split_obus(f->data.bytes());
                LAL_FUZZ_CHECK(obus.has_value() && !obus->empty());
                for (const auto& obu : *obus) {
                    LAL_FUZZ_CHECK(obu.type != lal::av1::obu_type::temporal_delimiter);
                    LAL_FUZZ_CHECK((std::to_integer<unsigned>(obu.whole[0]) & 0x02) != 0);  // obu_has_size_field
                }
            }
            if (media::is_video(codec)) {
                if (codec != media::codec_id::av1) {
                    auto units = lal::avc::split_avcc(f->data.bytes(), 4);
                    LAL_FUZZ_CHECK(units.has_value() && !units->empty());
                }
                if (first_video) LAL_FUZZ_CHECK(f->keyframe);
                first_video = false;
                if (f->keyframe) {
                    LAL_FUZZ_CHECK(f->config != nullptr);
                    check_round_trip(*f, rate, o);
                }
            } else {
                LAL_FUZZ_CHECK(f->keyframe && !f->data.empty());
                check_round_trip(*f, rate, o);
            }
        }
    }
    return 0;
}
