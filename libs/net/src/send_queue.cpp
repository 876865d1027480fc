// SPDX-License-Identifier: MIT
#include <lal/net/send_queue.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace lal::net {
namespace {

// A queue that grew for a burst (a GOP sent to a new player) gives its
// storage back once drained: idle players must stay small.
constexpr std::size_t keep_capacity = 64;

}  // namespace

std::size_t system_max_buffers() noexcept {
#ifdef IOV_MAX
    return IOV_MAX;
#else
    static const std::size_t value = [] {
        long v = ::sysconf(_SC_IOV_MAX);
        return v > 0 ? static_cast<std::size_t>(v) : std::size_t{16};  // POSIX minimum _XOPEN_IOV_MAX
    }();
    return value;
#endif
}

send_queue::send_queue(std::size_t max_buffers) noexcept
    : max_buffers_(max_buffers == 0 ? system_max_buffers() : std::min(max_buffers, system_max_buffers())) {}

void send_queue::push(lal::payload p) { push(std::move(p), nullptr); }

void send_queue::push(std::span<const lal::payload> pieces) {
    for (const auto& p : pieces) push(p, nullptr);
}

void send_queue::push(lal::payload p, std::shared_ptr<const shared_file> file) {
    if (p.empty()) return;
    if (file && (file->size() != p.size() || !sigpipe_ignored())) file.reset();
    bytes_ += p.size();
    items_.push_back({std::move(p), std::move(file)});
}

void send_queue::clear() noexcept {
    std::vector<item>().swap(items_);
    head_ = 0;
    head_offset_ = 0;
    bytes_ = 0;
}

std::span<const std::byte> send_queue::peek(std::size_t index) const noexcept {
    const auto& p = items_[head_ + index].bytes;
    const auto skip = index == 0 ? head_offset_ : 0;
    return p.bytes().subspan(skip);
}

void send_queue::consume(std::size_t count) { drop_sent(std::min(count, bytes_)); }

void send_queue::drop_sent(std::size_t sent) {
    bytes_ -= sent;
    while (sent > 0) {
        auto left = items_[head_].bytes.size() - head_offset_;
        if (sent < left) {
            head_offset_ += sent;
            return;
        }
        sent -= left;
        items_[head_] = item{};  // release the references now
        ++head_;
        head_offset_ = 0;
    }
    if (head_ == items_.size()) {
        if (items_.capacity() > keep_capacity) std::vector<item>().swap(items_);
        else items_.clear();
        head_ = 0;
    } else if (head_ > items_.size() / 2 && head_ >= keep_capacity) {
        items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
}

std::size_t send_queue::write_some(int fd, std::error_code& ec) {
    ec.clear();
    // One scratch array per thread, not per connection or per call.
    thread_local std::vector<iovec> iov;
    std::size_t total = 0;
    while (!empty()) {
        if (items_[head_].file) {
            const auto sent = send_file(fd, ec);
            total += sent;
            if (ec) return total;
            continue;
        }
        // The payloads up to the next file go in one sendmsg.
        std::size_t count = 0;
        const auto limit = std::min(buffers(), max_buffers_);
        while (count < limit && !items_[head_ + count].file) ++count;
        // A file next: its bytes follow at once, so the kernel waits for them
        // before sending a partial packet (a head alone).
        const bool more = head_ + count < items_.size() && items_[head_ + count].file;
        iov.resize(count);
        std::size_t offered = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const auto& p = items_[head_ + i].bytes;
            auto skip = i == 0 ? head_offset_ : 0;
            // iovec wants a non-const pointer; sendmsg only reads through it.
            iov[i].iov_base = const_cast<std::byte*>(p.data() + skip);
            iov[i].iov_len = p.size() - skip;
            offered += iov[i].iov_len;
        }
        msghdr msg{};
        msg.msg_iov = iov.data();
        msg.msg_iovlen = count;
        ++write_calls_;
        auto n = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT | (more ? MSG_MORE : 0));
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) ec = std::make_error_code(std::errc::operation_would_block);
            else ec = std::error_code(errno, std::system_category());
            return total;
        }
        auto sent = static_cast<std::size_t>(n);
        total += sent;
        bytes_written_ += sent;
        drop_sent(sent);
        if (sent < offered) {
            // A short send means the socket buffer is full: waiting for
            // writability is cheaper than a call that fails with EAGAIN.
            ec = std::make_error_code(std::errc::operation_would_block);
            return total;
        }
    }
    return total;
}

std::size_t send_queue::send_file(int fd, std::error_code& ec) {
    const auto& it = items_[head_];
    const auto left = it.bytes.size() - head_offset_;
    auto offset = static_cast<off_t>(head_offset_);
    // The socket is non-blocking (socket_io makes it so), so sendfile returns
    // what fits now; SIGPIPE is ignored (push checked), so a reset is EPIPE.
    for (;;) {
        ++write_calls_;
        const auto n = ::sendfile(fd, it.file->fd(), &offset, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) ec = std::make_error_code(std::errc::operation_would_block);
            else ec = std::error_code(errno, std::system_category());
            return 0;
        }
        if (n == 0) {
            // The file ended early: it cannot, it is sealed at this size; never spin on it.
            ec = std::make_error_code(std::errc::io_error);
            return 0;
        }
        const auto sent = static_cast<std::size_t>(n);
        bytes_written_ += sent;
        drop_sent(sent);
        if (sent < left) ec = std::make_error_code(std::errc::operation_would_block);
        return sent;
    }
}

}  // namespace lal::net
