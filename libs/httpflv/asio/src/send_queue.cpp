// SPDX-License-Identifier: MIT
#include <lal/httpflv_asio/detail/send_queue.hpp>

#include <array>
#include <cerrno>
#include <climits>

#include <sys/socket.h>
#include <sys/uio.h>

namespace lal::httpflv_asio::detail {
namespace {

#ifdef IOV_MAX
constexpr std::size_t max_iov = IOV_MAX;
#else
constexpr std::size_t max_iov = 1024;
#endif

}  // namespace

void send_queue::push(lal::payload p) {
    if (p.empty()) return;
    bytes_ += p.size();
    queue_.push_back(std::move(p));
}

void send_queue::clear() noexcept {
    queue_.clear();
    front_offset_ = 0;
    bytes_ = 0;
}

std::size_t send_queue::write_some(int fd, std::error_code& ec) {
    ec.clear();
    std::array<iovec, max_iov> iov;
    std::size_t total = 0;
    while (!queue_.empty()) {
        std::size_t count = 0;
        std::size_t offered = 0;
        for (auto it = queue_.begin(); it != queue_.end() && count < iov.size(); ++it, ++count) {
            std::size_t skip = count == 0 ? front_offset_ : 0;
            // iovec wants a non-const pointer; sendmsg only reads through it.
            iov[count].iov_base = const_cast<std::byte*>(it->data() + skip);
            iov[count].iov_len = it->size() - skip;
            offered += iov[count].iov_len;
        }
        msghdr msg{};
        msg.msg_iov = iov.data();
        msg.msg_iovlen = count;
        ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                ec = std::make_error_code(std::errc::operation_would_block);
            } else {
                ec = std::error_code(errno, std::system_category());
            }
            return total;
        }
        auto sent = static_cast<std::size_t>(n);
        total += sent;
        bytes_ -= sent;
        // Drop what went out; the first payload not fully sent keeps an offset.
        while (sent > 0) {
            std::size_t left = queue_.front().size() - front_offset_;
            if (sent < left) {
                front_offset_ += sent;
                break;
            }
            sent -= left;
            queue_.pop_front();
            front_offset_ = 0;
        }
        if (static_cast<std::size_t>(n) < offered) {
            // A short send means the socket buffer is full: waiting is cheaper than
            // a call that would fail with EAGAIN.
            ec = std::make_error_code(std::errc::operation_would_block);
            return total;
        }
    }
    return total;
}

}  // namespace lal::httpflv_asio::detail
