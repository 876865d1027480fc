// SPDX-License-Identifier: MIT
#include <array>

#include <lal/mpegts/packet.hpp>

namespace lal::mpegts {
namespace {

// ISO/IEC 13818-1 Annex A: the MSB-first CRC of the 32-bit polynomial, one table entry per byte value.
constexpr std::array<std::uint32_t, 256> make_table() noexcept {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i << 24;
        for (int bit = 0; bit < 8; ++bit) c = (c & 0x80000000u) ? (c << 1) ^ 0x04c11db7u : c << 1;
        t[i] = c;
    }
    return t;
}

constexpr auto table = make_table();

}  // namespace

std::uint32_t crc32(byte_span in) noexcept {
    std::uint32_t crc = 0xffffffffu;
    for (auto b : in) crc = (crc << 8) ^ table[((crc >> 24) ^ std::to_integer<std::uint32_t>(b)) & 0xff];
    return crc;
}

}  // namespace lal::mpegts
