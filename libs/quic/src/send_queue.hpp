// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::quic::detail {

/// The send side of one stream: bytes stay here from write() until the peer
/// acknowledges them, because ngtcp2 retransmits from the application's
/// buffers (it never copies stream data). Bounded by `limit` unacked bytes.
class send_queue {
public:
    explicit send_queue(std::size_t limit) : limit_(limit) {}

    /// Appends bytes (and a FIN); false, appending nothing, past the bound or after a FIN.
    bool push(byte_span bytes, bool fin);
    /// Up to `out.size()` spans of bytes not yet handed to the transport; returns how many.
    std::size_t unsent(std::span<byte_span> out) const;
    /// The transport took `n` more bytes (and the FIN, when `fin_taken`).
    void sent(std::size_t n, bool fin_taken);
    /// The peer acknowledged [offset, offset + size); acked prefixes are freed.
    void acked(std::uint64_t offset, std::uint64_t size);

    /// Bytes or a FIN still to hand to the transport.
    bool has_unsent() const noexcept { return sent_ < end_ || (fin_ && !fin_sent_); }
    /// Bytes not yet handed to the transport.
    std::size_t unsent_size() const noexcept { return static_cast<std::size_t>(end_ - sent_); }
    /// Bytes queued and not acknowledged.
    std::size_t queued() const noexcept { return static_cast<std::size_t>(end_ - acked_); }
    /// The FIN was queued.
    bool finished() const noexcept { return fin_; }

private:
    std::size_t limit_;
    std::deque<std::vector<std::byte>> chunks_;
    std::uint64_t base_ = 0;   // stream offset of chunks_.front()
    std::uint64_t acked_ = 0;  // contiguous acknowledged offset
    std::uint64_t sent_ = 0;   // offset handed to the transport
    std::uint64_t end_ = 0;    // offset after the last queued byte
    bool fin_ = false;
    bool fin_sent_ = false;
};

}  // namespace lal::quic::detail
