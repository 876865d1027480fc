// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>

namespace lal::net {

/// A read buffer of at least `size` bytes shared by every connection of the
/// calling thread. Connections wait for readability, then read into it and
/// hand the bytes on at once (the protocol core copies what it keeps), so no
/// connection holds a buffer of its own while it waits. Valid until the
/// thread's next call.
std::span<std::byte> thread_read_buffer(std::size_t size);

}  // namespace lal::net
