// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include <lal/media/frame.hpp>
#include <lal/rtp/packet.hpp>
#include <lal/rtp/sequence.hpp>

namespace lal::rtp {

/// Bounds of a reorder_buffer.
struct reorder_options {
    /// Packets held while waiting for a gap to fill; when full the gap is
    /// declared lost.
    std::size_t max_packets = 64;
    /// Longest a gap may stay open (µs of the caller's clock).
    media::micros max_wait = 100'000;
    /// A sequence jump beyond this (either way) is a restarted source, not
    /// loss (RFC 3550 A.1 MAX_DROPOUT).
    std::int64_t max_dropout = 3000;
};

/// A packet released in sequence order.
struct ordered_packet {
    rtp::packet packet;
    std::int64_t extended_sequence = 0;
    /// Packets declared lost just before this one (0 = contiguous). A
    /// restarted source reports 1: what came before is unknown.
    std::uint32_t lost_before = 0;
};

/// Counters of a reorder_buffer.
struct reorder_stats {
    std::uint64_t received = 0;
    std::uint64_t released = 0;
    std::uint64_t lost = 0;       ///< sequence numbers never received in time
    std::uint64_t late = 0;       ///< arrived after their gap was declared lost (dropped)
    std::uint64_t duplicates = 0; ///< dropped
    std::uint64_t restarts = 0;
};

/// Puts UDP packets back in sequence order, waiting a bounded time and
/// number of packets for a missing one; then reports it lost and moves on.
/// The caller passes its clock (`now`) and calls next() after each push and
/// at deadline(). The very first packet is held like a gap (max_wait or a
/// full buffer), since one sent before it may arrive after it. Over TCP
/// (interleaved) no reorder buffer is needed.
class reorder_buffer {
public:
    /// A buffer with the given bounds (max_packets at least 1).
    explicit reorder_buffer(reorder_options options = {});

    /// Takes a packet that arrived at `now`; late and duplicate ones are
    /// dropped (and counted).
    void push(rtp::packet p, media::micros now);
    /// The next packet in order, if it is here or its gap timed out or the
    /// buffer is full; empty otherwise.
    std::optional<ordered_packet> next(media::micros now);
    /// Releases everything held, in order (end of stream).
    std::optional<ordered_packet> drain();
    /// When next() will release a packet by timeout, if any is held.
    std::optional<media::micros> deadline() const;
    /// Packets held.
    std::size_t size() const noexcept { return held_.size(); }
    /// Counters.
    const reorder_stats& stats() const noexcept { return stats_; }

private:
    struct entry {
        rtp::packet packet;
        media::micros arrival = 0;
    };
    ordered_packet release(std::map<std::int64_t, entry>::iterator it);

    reorder_options options_;
    sequence_unwrapper unwrap_;
    std::map<std::int64_t, entry> held_;
    std::optional<std::int64_t> expected_;
    bool restarted_ = false;
    reorder_stats stats_;
};

}  // namespace lal::rtp
