// SPDX-License-Identifier: MIT
#include "io_support.hpp"

#include <chrono>
#include <random>

namespace lal::rtmp_asio::detail {

std::array<std::byte, rtmp::handshake_size> handshake_random() {
    thread_local std::mt19937_64 generator = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    std::array<std::byte, rtmp::handshake_size> out{};
    for (std::size_t i = 0; i < out.size(); i += 8) {
        auto v = generator();
        for (std::size_t k = 0; k < 8 && i + k < out.size(); ++k) out[i + k] = static_cast<std::byte>(v >> (8 * k));
    }
    return out;
}

std::uint32_t handshake_epoch_ms() noexcept {
    auto now = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

}  // namespace lal::rtmp_asio::detail
