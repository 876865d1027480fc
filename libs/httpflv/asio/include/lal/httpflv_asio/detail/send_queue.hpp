// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <system_error>

#include <lal/base/payload.hpp>

namespace lal::httpflv_asio::detail {

/// Payloads waiting for a socket, written with gathered, non-blocking sends of
/// up to IOV_MAX buffers per system call. Asio's own async_write stops at 64
/// buffers per writev; a player catching up on a GOP cache holds hundreds of
/// small tags, and each system call costs more than the bytes it moves.
class send_queue {
public:
    /// Queues `p` (shared, not copied); empty payloads are dropped.
    void push(lal::payload p);
    /// Unsent bytes.
    std::size_t bytes() const noexcept { return bytes_; }
    /// Payloads not completely sent.
    std::size_t buffers() const noexcept { return queue_.size(); }
    bool empty() const noexcept { return queue_.empty(); }
    /// Sends as much as the socket `fd` takes now, never blocking and never raising
    /// SIGPIPE. Returns the bytes sent; `ec` is would_block once the socket is
    /// full, or the error of the failed call.
    std::size_t write_some(int fd, std::error_code& ec);
    /// Drops everything queued.
    void clear() noexcept;

private:
    std::deque<lal::payload> queue_;
    std::size_t front_offset_ = 0;  // bytes of queue_.front() already sent
    std::size_t bytes_ = 0;
};

}  // namespace lal::httpflv_asio::detail
