// SPDX-License-Identifier: MIT
#include <lal/rtp/packetizer.hpp>

#include <algorithm>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/rtp/clock.hpp>

#include "av1_format.hpp"
#include "nal_packetizer.hpp"

namespace lal::rtp {
namespace {

// RFC 3640 3.3.6 AAC-hbr: a 16-bit AU-headers-length (16 bits: one header),
// then sizeLength 13 and indexLength 3. A fragmented AU repeats the header
// with the whole AU's size in every fragment (3.2.3.1).
lal::result<packetized_frame> packetize_aac(const media::media_frame& f, std::uint32_t ts,
                                            const packetizer_options& o) {
    constexpr std::size_t header = 4;
    const auto size = f.data.size();
    if (size == 0 || size > 0x1fff) return errc::bad_frame;
    if (o.max_payload <= header) return errc::payload_too_small;
    auto h = lal::payload::adopt({std::byte{0x00}, std::byte{0x10}, static_cast<std::byte>(size >> 5),
                                  static_cast<std::byte>((size & 0x1f) << 3)});
    packetized_frame out;
    const auto chunk = o.max_payload - header;
    for (std::size_t off = 0; off < size; off += chunk) {
        const auto n = std::min(chunk, size - off);
        out.packets.push_back({ts, off + n == size, {h, f.data.slice(off, n)}});
    }
    return out;
}

}  // namespace

std::uint32_t default_clock_rate(const media::media_frame& frame) {
    switch (frame.codec) {
    case media::codec_id::h264:
    case media::codec_id::h265:
    case media::codec_id::av1: return 90000;  // AV1 RTP 7.1: rate 90000
    case media::codec_id::g711a:
    case media::codec_id::g711u: return 8000;
    case media::codec_id::opus: return 48000;  // RFC 7587 4.1: always 48 kHz
    case media::codec_id::aac:
        if (frame.config) {
            if (auto asc = aac::parse_asc(frame.config->record.bytes())) return asc->sampling_frequency;
        }
        return 0;
    default: return 0;
    }
}

lal::result<packetized_frame> packetize(const media::media_frame& frame, std::uint32_t clock_rate,
                                        const packetizer_options& options) {
    if (clock_rate == 0) clock_rate = 90000;
    const auto ts = static_cast<std::uint32_t>(micros_to_ticks(frame.pts, clock_rate));
    switch (frame.codec) {
    case media::codec_id::h264: return detail::packetize_nal(detail::h264_format, frame, ts, options);
    case media::codec_id::h265: return detail::packetize_nal(detail::h265_format, frame, ts, options);
    case media::codec_id::av1: return detail::packetize_av1(frame, ts, options);
    case media::codec_id::aac: return packetize_aac(frame, ts, options);
    case media::codec_id::opus: {
        // RFC 7587 4.2: one Opus packet per RTP packet, never split.
        if (frame.data.empty()) return errc::bad_frame;
        packetized_frame out;
        out.packets.push_back({ts, false, {frame.data}});
        return out;
    }
    case media::codec_id::g711a:
    case media::codec_id::g711u: {
        // RFC 3551 4.5.14: one byte per sample, so a split advances the
        // timestamp by the bytes before it.
        if (frame.data.empty()) return errc::bad_frame;
        if (options.max_payload == 0) return errc::payload_too_small;
        packetized_frame out;
        for (std::size_t off = 0; off < frame.data.size(); off += options.max_payload) {
            const auto n = std::min(options.max_payload, frame.data.size() - off);
            out.packets.push_back({static_cast<std::uint32_t>(ts + off), false, {frame.data.slice(off, n)}});
        }
        return out;
    }
    default: return errc::unsupported_codec;
    }
}

}  // namespace lal::rtp
