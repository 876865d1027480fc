// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/base/payload.hpp>

namespace lal::rtmp_asio::detail {

/// The most buffers one gathered write may carry (IOV_MAX on this system).
std::size_t system_max_buffers() noexcept;

/// Payloads waiting for one socket, sent with gathered, non-blocking sendmsg
/// calls of up to `max_buffers` buffers each. Asio's async_write hands writev at
/// most 64 buffers; a player catching up on a GOP holds hundreds of small
/// messages, and every system call costs more than the bytes it moves.
class send_queue {
public:
    /// `max_buffers` per call, clamped to 1..system_max_buffers(); 0 means the system maximum.
    explicit send_queue(std::size_t max_buffers = 0) noexcept;

    /// Queues `p` (shared, never copied); empty payloads are dropped.
    void push(lal::payload p);
    /// Bytes not yet sent.
    std::size_t bytes() const noexcept { return bytes_; }
    /// Payloads not completely sent.
    std::size_t buffers() const noexcept { return items_.size() - head_; }
    /// True when nothing is waiting.
    bool empty() const noexcept { return head_ == items_.size(); }
    /// Sends as much as socket `fd` takes now, never blocking and never raising
    /// SIGPIPE. Returns the bytes sent; `ec` becomes operation_would_block when
    /// the socket is full, or the error of the failed call. `calls` counts sendmsg calls.
    std::size_t write_some(int fd, std::error_code& ec, std::uint64_t& calls);
    /// Drops everything and frees the storage.
    void clear() noexcept;

private:
    void drop_sent(std::size_t sent);

    std::size_t max_buffers_;
    std::vector<lal::payload> items_;
    std::size_t head_ = 0;          // first payload not completely sent
    std::size_t head_offset_ = 0;   // bytes of items_[head_] already sent
    std::size_t bytes_ = 0;
};

}  // namespace lal::rtmp_asio::detail
