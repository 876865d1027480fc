// SPDX-License-Identifier: MIT
#include "rtp_form.hpp"

#include <chrono>
#include <vector>


namespace lal::server {

namespace media = lal::media;

namespace {
constexpr std::size_t descriptor_size = 8;  // marker, reserved, piece count (16 bits), timestamp (32 bits)
}  // namespace

std::uint64_t ntp_now() {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    const auto secs = static_cast<std::uint64_t>(us / 1'000'000) + 2'208'988'800ull;  // 1900 to 1970
    const auto frac = (static_cast<std::uint64_t>(us % 1'000'000) << 32) / 1'000'000;
    return (secs << 32) | frac;
}

std::size_t rtc_max_payload(std::uint32_t mtu) noexcept {
    constexpr std::size_t overhead = 40 + 8 + 12 + 10;
    return mtu > overhead + 100 ? mtu - overhead : 100;
}

std::uint32_t rtp_clock_rate(const media::media_frame& frame) { return rtp::default_clock_rate(frame); }

media::wire_form rtp_form::encode(const media::media_item& item) const {
    media::wire_form out;
    if (item.what != media::media_item::type::frame || !media::is_av(item.frame.kind)) return out;
    const auto rate = rtp_clock_rate(item.frame);
    if (rate == 0) return out;
    rtp::packetizer_options options;
    options.max_payload = max_payload_;
    auto cut = rtp::packetize(item.frame, rate, options);
    if (!cut || cut->packets.empty()) return out;
    // One buffer holds every descriptor of the frame; each packet's is a slice of it.
    std::vector<std::byte> descriptors(descriptor_size * cut->packets.size());
    std::size_t pieces = 0;
    for (std::size_t i = 0; i < cut->packets.size(); ++i) {
        const auto& plan = cut->packets[i];
        std::size_t count = 0;
        for (const auto& p : plan.pieces) count += p.empty() ? 0 : 1;
        if (count > 0xffff) return {};
        auto* d = descriptors.data() + i * descriptor_size;
        d[0] = std::byte{plan.marker ? std::uint8_t{1} : std::uint8_t{0}};
        d[1] = std::byte{0};
        d[2] = static_cast<std::byte>(count >> 8);
        d[3] = static_cast<std::byte>(count & 0xff);
        for (int b = 0; b < 4; ++b) d[4 + b] = static_cast<std::byte>(plan.timestamp >> (24 - 8 * b));
        pieces += count + 1;
    }
    auto shared = lal::payload::adopt(std::move(descriptors));
    out.reserve(pieces);
    for (std::size_t i = 0; i < cut->packets.size(); ++i) {
        out.add(shared.slice(i * descriptor_size, descriptor_size));
        for (const auto& p : cut->packets[i].pieces) out.add(p);
    }
    return out;
}

rtp::packetized_frame rtp_packets(const media::wire_form& form) {
    rtp::packetized_frame out;
    const auto pieces = form.pieces();
    std::size_t i = 0;
    while (i < pieces.size()) {
        const auto d = pieces[i].bytes();
        if (d.size() != descriptor_size) return {};
        const std::size_t count = (std::to_integer<std::size_t>(d[2]) << 8) | std::to_integer<std::size_t>(d[3]);
        if (count > pieces.size() - i - 1) return {};
        rtp::packet_plan plan;
        plan.marker = std::to_integer<int>(d[0]) != 0;
        for (int b = 0; b < 4; ++b) plan.timestamp = (plan.timestamp << 8) | std::to_integer<std::uint32_t>(d[4 + b]);
        plan.pieces.assign(pieces.begin() + static_cast<std::ptrdiff_t>(i + 1),
                           pieces.begin() + static_cast<std::ptrdiff_t>(i + 1 + count));
        out.packets.push_back(std::move(plan));
        i += count + 1;
    }
    return out;
}

}  // namespace lal::server
