// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/net/shared_file.hpp>

namespace lal::net {

/// The most buffers one gathered write may carry (IOV_MAX on this system).
std::size_t system_max_buffers() noexcept;

/// Payloads waiting for one socket, sent with gathered, non-blocking sendmsg
/// calls of up to `max_buffers` buffers each. Asio's async_write hands writev at
/// most 64 buffers; a player catching up on a GOP holds hundreds of small
/// messages, and every system call costs more than the bytes it moves.
/// A payload pushed with a shared_file holding the same bytes goes out with
/// sendfile(2) instead: the kernel references the file's pages, so a body
/// many connections send (an HLS segment) is not copied per connection.
class send_queue {
public:
    /// `max_buffers` per call, clamped to 1..system_max_buffers(); 0 means the system maximum.
    explicit send_queue(std::size_t max_buffers = 0) noexcept;

    /// Queues `p` (shared, never copied); empty payloads are dropped.
    void push(lal::payload p);
    /// Queues each of `pieces` in order (shared, never copied); empty ones are dropped.
    void push(std::span<const lal::payload> pieces);
    /// Queues `p`, whose bytes `file` also holds (the whole file): write_some
    /// sends them with sendfile(2) after a sendmsg of what precedes them with
    /// MSG_MORE, so a response head and its body share packets. peek() still
    /// shows `p` (TLS seals from memory). The socket must be non-blocking
    /// (sendfile has no MSG_DONTWAIT; socket_io sets it). Without a file of
    /// p's size, or when the process does not ignore SIGPIPE
    /// (sigpipe_ignored()), as push(p).
    void push(lal::payload p, std::shared_ptr<const shared_file> file);
    /// Bytes queued and not yet accepted by the socket.
    std::size_t bytes_queued() const noexcept { return bytes_; }
    /// Bytes the socket accepted over the queue's life (clear() keeps the count).
    std::uint64_t bytes_written() const noexcept { return bytes_written_; }
    /// sendmsg and sendfile calls over the queue's life: bytes per call shows how well writes gather.
    std::uint64_t write_calls() const noexcept { return write_calls_; }
    /// Payloads not completely sent.
    std::size_t buffers() const noexcept { return items_.size() - head_; }
    /// True when nothing is waiting.
    bool empty() const noexcept { return head_ == items_.size(); }
    /// Sends as much as socket `fd` takes now, never blocking and never raising
    /// SIGPIPE. Returns the bytes sent; `ec` becomes operation_would_block when
    /// the socket is full, or the error of the failed call.
    std::size_t write_some(int fd, std::error_code& ec);
    /// Drops everything queued and frees the storage; the counters stay.
    void clear() noexcept;
    /// The unsent bytes of the `index`-th waiting payload (index < buffers()),
    /// for a layer that transforms bytes before they go out (TLS).
    std::span<const std::byte> peek(std::size_t index) const noexcept;
    /// Drops `count` bytes (at most bytes_queued()) from the front as handed
    /// on, without counting them as written.
    void consume(std::size_t count);

private:
    /// A queued payload and, when sent with sendfile, the file holding the same bytes.
    struct item {
        lal::payload bytes;
        std::shared_ptr<const shared_file> file;
    };

    void drop_sent(std::size_t sent);
    std::size_t send_file(int fd, std::error_code& ec);

    std::size_t max_buffers_;
    std::vector<item> items_;
    std::size_t head_ = 0;          // first payload not completely sent
    std::size_t head_offset_ = 0;   // bytes of items_[head_] already sent
    std::size_t bytes_ = 0;
    std::uint64_t bytes_written_ = 0;
    std::uint64_t write_calls_ = 0;
};

}  // namespace lal::net
