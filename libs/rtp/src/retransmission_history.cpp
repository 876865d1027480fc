// SPDX-License-Identifier: MIT
#include <lal/rtp/retransmission_history.hpp>

#include <algorithm>

namespace lal::rtp {

retransmission_history::retransmission_history(std::size_t capacity, std::size_t max_packet_size)
    : max_packet_size_(max_packet_size) {
    std::size_t n = 16;
    while (n < std::min<std::size_t>(capacity, 32768)) n *= 2;
    slots_.resize(n);
}

void retransmission_history::put(std::uint16_t seq, lal::payload packet) {
    auto& s = slots_[seq & (slots_.size() - 1)];
    if (packet.size() > max_packet_size_) {
        s = {};  // the older packet in this slot is no longer the newest of its number either
        return;
    }
    s.used = true;
    s.seq = seq;
    s.packet = std::move(packet);
}

const lal::payload* retransmission_history::find(std::uint16_t seq) const noexcept {
    const auto& s = slots_[seq & (slots_.size() - 1)];
    return s.used && s.seq == seq ? &s.packet : nullptr;
}

void retransmission_history::clear() noexcept {
    for (auto& s : slots_) s = {};
}

}  // namespace lal::rtp
