// SPDX-License-Identifier: MIT
#include <lal/rtp/reorder_buffer.hpp>

#include <algorithm>
#include <cstdint>

namespace lal::rtp {

reorder_buffer::reorder_buffer(reorder_options options) : options_(options) {
    options_.max_packets = std::max<std::size_t>(options_.max_packets, 1);
}

void reorder_buffer::push(rtp::packet p, media::micros now) {
    ++stats_.received;
    auto ext = unwrap_.unwrap(p.header.sequence);
    if (expected_) {
        const auto distance = ext - *expected_;
        if (distance > options_.max_dropout || distance < -options_.max_dropout) {
            // RFC 3550 A.1: a large jump is a new sequence space. Whatever is
            // held is older; it is released first by drain(), then the new
            // space starts at this packet.
            ++stats_.restarts;
            unwrap_.reset();
            auto held = std::move(held_);
            held_.clear();
            // Held packets keep their order ahead of the new space.
            std::int64_t k = -static_cast<std::int64_t>(held.size()) - 1;
            for (auto& [seq, e] : held) held_.emplace(k++, std::move(e));
            ext = unwrap_.unwrap(p.header.sequence);
            expected_ = held_.empty() ? std::optional<std::int64_t>(ext) : held_.begin()->first;
            restarted_ = true;
            held_.emplace(ext, entry{std::move(p), now});
            return;
        }
        if (ext < *expected_) {
            if (stats_.released > 0) {
                ++stats_.late;
                return;
            }
            expected_ = ext;  // nothing released yet: an earlier packet may still come first
        }
    } else {
        expected_ = ext;
    }
    if (!held_.emplace(ext, entry{std::move(p), now}).second) ++stats_.duplicates;
}

ordered_packet reorder_buffer::release(std::map<std::int64_t, entry>::iterator it) {
    ordered_packet out;
    out.extended_sequence = it->first;
    auto gap = it->first - *expected_;
    if (restarted_ && it->first >= 0) {
        // The first packet of a new sequence space: what was lost in between
        // is unknown, so it is reported as one missing packet.
        restarted_ = false;
        gap = 0;
        out.lost_before = 1;
    } else {
        out.lost_before = static_cast<std::uint32_t>(std::min<std::int64_t>(gap, UINT32_MAX));
    }
    stats_.lost += static_cast<std::uint64_t>(gap);
    out.packet = std::move(it->second.packet);
    held_.erase(it);
    expected_ = out.extended_sequence + 1;
    ++stats_.released;
    return out;
}

std::optional<ordered_packet> reorder_buffer::next(media::micros now) {
    if (held_.empty()) return std::nullopt;
    auto first = held_.begin();
    // The first packet waits like a gap would: one sent before it may arrive later.
    if (first->first == *expected_ && stats_.released > 0) return release(first);
    // A gap: give up on it when the buffer is full or a packet after it has
    // waited max_wait.
    if (held_.size() >= options_.max_packets) return release(first);
    if (auto d = deadline(); d && now >= *d) return release(first);
    return std::nullopt;
}

std::optional<ordered_packet> reorder_buffer::drain() {
    if (held_.empty()) return std::nullopt;
    return release(held_.begin());
}

std::optional<media::micros> reorder_buffer::deadline() const {
    if (held_.empty()) return std::nullopt;
    media::micros oldest = held_.begin()->second.arrival;
    for (const auto& [seq, e] : held_) oldest = std::min(oldest, e.arrival);
    return oldest + options_.max_wait;
}

}  // namespace lal::rtp
