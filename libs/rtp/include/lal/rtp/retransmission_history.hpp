// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/base/payload.hpp>

namespace lal::rtp {

/// The packets a sender sent most recently, by sequence number, so that a
/// generic NACK (RFC 4585 6.2.1) can be answered (RFC 4588 or plain resend).
/// A ring of `capacity` slots indexed by sequence number: memory is bounded
/// by capacity * max_packet_size, and a number older than capacity packets
/// is reported missing rather than answered with another packet.
class retransmission_history {
public:
    /// `capacity` is rounded up to a power of two, between 16 and 32768;
    /// packets over `max_packet_size` bytes are not kept.
    explicit retransmission_history(std::size_t capacity = 512, std::size_t max_packet_size = 1500);

    /// Keeps `packet` (whole RTP packet, shared, not copied) as number `seq`,
    /// replacing what was in its slot.
    void put(std::uint16_t seq, lal::payload packet);
    /// The packet sent as `seq`, or null when it was never kept or was replaced.
    /// Valid until the next put() or clear().
    const lal::payload* find(std::uint16_t seq) const noexcept;
    /// Forgets every packet.
    void clear() noexcept;
    /// Number of slots.
    std::size_t capacity() const noexcept { return slots_.size(); }

private:
    struct slot {
        bool used = false;
        std::uint16_t seq = 0;
        lal::payload packet;
    };
    std::vector<slot> slots_;
    std::size_t max_packet_size_;
};

}  // namespace lal::rtp
