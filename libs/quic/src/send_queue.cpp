// SPDX-License-Identifier: MIT
#include "send_queue.hpp"

#include <algorithm>

namespace lal::quic::detail {

bool send_queue::push(byte_span bytes, bool fin) {
    if (fin_) return bytes.empty() && fin;  // a repeated bare FIN is harmless
    if (queued() + bytes.size() > limit_) return false;
    if (!bytes.empty()) {
        chunks_.emplace_back(bytes.begin(), bytes.end());
        end_ += bytes.size();
    }
    fin_ = fin;
    return true;
}

std::size_t send_queue::unsent(std::span<byte_span> out) const {
    std::size_t n = 0;
    std::uint64_t at = base_;
    for (const auto& c : chunks_) {
        if (n == out.size()) break;
        const std::uint64_t chunk_end = at + c.size();
        if (chunk_end > sent_) {
            const auto skip = static_cast<std::size_t>(sent_ > at ? sent_ - at : 0);
            out[n++] = byte_span(c).subspan(skip);
        }
        at = chunk_end;
    }
    return n;
}

void send_queue::sent(std::size_t n, bool fin_taken) {
    sent_ = std::min<std::uint64_t>(end_, sent_ + n);
    if (fin_taken && fin_ && sent_ == end_) fin_sent_ = true;
}

void send_queue::acked(std::uint64_t offset, std::uint64_t size) {
    // ngtcp2 reports acknowledged ranges in order (RFC 9000 2.2 offsets).
    if (offset > acked_) return;
    acked_ = std::max(acked_, std::min(end_, offset + size));
    while (!chunks_.empty() && base_ + chunks_.front().size() <= acked_) {
        base_ += chunks_.front().size();
        chunks_.pop_front();
    }
}

}  // namespace lal::quic::detail
