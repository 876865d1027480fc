// SPDX-License-Identifier: MIT
#include <lal/net/read_buffer.hpp>

#include <vector>

namespace lal::net {

std::span<std::byte> thread_read_buffer(std::size_t size) {
    thread_local std::vector<std::byte> buffer;
    if (size == 0) size = 1;
    if (buffer.size() < size) buffer.resize(size);
    return {buffer.data(), size};
}

}  // namespace lal::net
