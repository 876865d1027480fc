// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include <lal/base/result.hpp>

namespace lal::net {

/// An immutable in-memory file (a sealed memfd) holding bytes many
/// connections send: send_queue hands it to sendfile(2), so the kernel
/// references its pages instead of copying the bytes into each socket's
/// buffer. One copy is made when it is created; the file is closed when the
/// last reference goes. Any thread may send from it.
class shared_file {
public:
    /// A sealed memfd holding a copy of `bytes` (memfd_create(2), F_SEAL_WRITE
    /// and the size seals: nobody can change the bytes while they are sent);
    /// `name` shows in /proc/<pid>/fd. The system error when the kernel refuses.
    static lal::result<std::shared_ptr<const shared_file>> from_bytes(std::span<const std::byte> bytes,
                                                                      const std::string& name);
    ~shared_file();
    shared_file(const shared_file&) = delete;
    shared_file& operator=(const shared_file&) = delete;

    /// The descriptor, for sendfile (read-only use).
    int fd() const noexcept { return fd_; }
    /// Its size in bytes.
    std::size_t size() const noexcept { return size_; }

private:
    shared_file(int fd, std::size_t size) noexcept : fd_(fd), size_(size) {}

    int fd_;
    std::size_t size_;
};

/// True when the process ignores SIGPIPE. sendfile(2) has no MSG_NOSIGNAL: on
/// a connection the peer reset it raises SIGPIPE, so send_queue uses a
/// shared_file only in a process that ignores it (the lal server does).
bool sigpipe_ignored() noexcept;

}  // namespace lal::net
