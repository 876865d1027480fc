// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <lal/rtmp/handshake.hpp>

namespace lal::rtmp_asio::detail {

/// Random bytes for one handshake (C1/S1 and S2), from a generator per thread
/// seeded by std::random_device.
std::array<std::byte, rtmp::handshake_size> handshake_random();

/// Milliseconds of a monotonic clock, for the time field of C1/S1.
std::uint32_t handshake_epoch_ms() noexcept;

}  // namespace lal::rtmp_asio::detail
