// SPDX-License-Identifier: MIT
#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

#include <lal/quic/connection.hpp>

namespace lal::quic {

endpoint make_endpoint(const void* address, std::size_t size) noexcept {
    endpoint e;
    const auto n = std::min(size, sizeof e.storage);
    std::memcpy(&e.storage, address, n);
    e.size = static_cast<socklen_t>(n);
    return e;
}

endpoint loopback_endpoint(std::uint16_t port) noexcept {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return make_endpoint(&a, sizeof a);
}

}  // namespace lal::quic
