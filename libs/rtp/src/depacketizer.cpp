// SPDX-License-Identifier: MIT
#include <lal/rtp/depacketizer.hpp>

#include "audio_depacketizer.hpp"
#include "av1_format.hpp"
#include "nal_depacketizer.hpp"

namespace lal::rtp {
namespace {
constexpr int max_misorder = 100;
}  // namespace

std::error_code depacketizer::push(const packet& p) {
    bool after_loss = false;
    if (!last_sequence_ && options_.first_sequence) last_sequence_ = static_cast<std::uint16_t>(*options_.first_sequence - 1);
    if (last_sequence_) {
        const auto gap = static_cast<std::int16_t>(static_cast<std::uint16_t>(p.header.sequence - *last_sequence_ - 1));
        // A duplicate or a packet a little behind: already past it. Far
        // behind (RFC 3550 A.1 MAX_MISORDER) is a restarted sequence.
        if (gap < 0 && gap > -max_misorder) return {};
        if (gap != 0) {
            stats_.lost_packets += gap > 0 ? static_cast<std::uint64_t>(gap) : 1;
            after_loss = true;
        }
    }
    last_sequence_ = p.header.sequence;
    // Times count from the first packet's timestamp, whether or not its frame comes out.
    clock_.to_micros(p.header.timestamp);
    auto ec = on_packet(p, after_loss);
    if (ec) ++stats_.bad_packets;
    return ec;
}

std::optional<media::media_frame> depacketizer::next() {
    if (out_.empty()) return std::nullopt;
    auto f = std::move(out_.front());
    out_.pop_front();
    return f;
}

std::unique_ptr<depacketizer> make_depacketizer(media::codec_id codec, std::uint32_t clock_rate,
                                                media::track_config_ptr config, depacketizer_options options) {
    switch (codec) {
    case media::codec_id::h264:
        return detail::make_nal_depacketizer(detail::h264_format, clock_rate, std::move(config), options);
    case media::codec_id::h265:
        return detail::make_nal_depacketizer(detail::h265_format, clock_rate, std::move(config), options);
    case media::codec_id::av1: return detail::make_av1_depacketizer(clock_rate, std::move(config), options);
    case media::codec_id::aac: return detail::make_aac_depacketizer(clock_rate, std::move(config), options);
    case media::codec_id::opus:
    case media::codec_id::g711a:
    case media::codec_id::g711u:
        return detail::make_frame_depacketizer(codec, clock_rate, std::move(config), options);
    default: return nullptr;
    }
}

}  // namespace lal::rtp
