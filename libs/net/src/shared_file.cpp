// SPDX-License-Identifier: MIT
#include <lal/net/shared_file.hpp>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace lal::net {
namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

/// Writes all of `bytes` to `fd` (write(2) may take less than asked).
std::error_code write_all(int fd, std::span<const std::byte> bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return last_error();
        }
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return {};
}

}  // namespace

lal::result<std::shared_ptr<const shared_file>> shared_file::from_bytes(std::span<const std::byte> bytes,
                                                                         const std::string& name) {
    const int fd = ::memfd_create(name.c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return last_error();
    std::shared_ptr<const shared_file> file(new shared_file(fd, bytes.size()));
    if (auto ec = write_all(fd, bytes)) return ec;
    // Sealed, the bytes can no longer change under a send in flight.
    if (::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) return last_error();
    return file;
}

shared_file::~shared_file() { ::close(fd_); }

bool sigpipe_ignored() noexcept {
    struct sigaction now {};
    return ::sigaction(SIGPIPE, nullptr, &now) == 0 && now.sa_handler == SIG_IGN;
}

}  // namespace lal::net
