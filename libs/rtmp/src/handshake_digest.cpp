// SPDX-License-Identifier: MIT
#include <lal/rtmp/detail/handshake_digest.hpp>

#include <algorithm>
#include <cassert>
#include <string_view>

namespace lal::rtmp::detail {
namespace {

// The 32 bytes both well-known keys end with.
constexpr std::array<unsigned char, 32> key_suffix = {
    0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e, 0x7e, 0x57,
    0x6e, 0xec, 0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae,
};

template <std::size_t N>
constexpr std::array<std::byte, N> make_key(std::string_view prefix) {
    std::array<std::byte, N> key{};
    std::size_t i = 0;
    for (char c : prefix) key[i++] = static_cast<std::byte>(c);
    for (auto b : key_suffix) key[i++] = static_cast<std::byte>(b);
    return key;
}

// Each scheme splits the 1528 bytes after time and version into two 764-byte
// blocks; the digest block starts with 4 offset bytes then 728 bytes of room.
constexpr std::size_t block_size = 764;
constexpr std::size_t digest_room = 728;

}  // namespace

const std::array<std::byte, 62> flash_player_key = make_key<62>("Genuine Adobe Flash Player 001");
const std::array<std::byte, 68> flash_media_server_key =
    make_key<68>("Genuine Adobe Flash Media Server 001");

std::size_t digest_offset(byte_span packet, handshake_mode scheme) noexcept {
    assert(packet.size() >= handshake_size && scheme != handshake_mode::plain);
    std::size_t base = scheme == handshake_mode::digest_scheme_0 ? 8 : 8 + block_size;
    std::size_t sum = 0;
    for (std::size_t i = 0; i < 4; ++i) sum += std::to_integer<std::size_t>(packet[base + i]);
    return base + 4 + sum % digest_room;
}

sha256_digest packet_digest(byte_span packet, std::size_t offset, byte_span key) noexcept {
    return hmac_sha256_of(key, {packet.first(offset),
                                packet.subspan(offset + digest_size, handshake_size - offset - digest_size)});
}

bool has_valid_digest(byte_span packet, handshake_mode scheme, byte_span key) noexcept {
    auto offset = digest_offset(packet, scheme);
    auto expected = packet_digest(packet, offset, key);
    return std::equal(expected.begin(), expected.end(), packet.begin() + static_cast<std::ptrdiff_t>(offset));
}

std::optional<handshake_mode> find_digest(byte_span packet, byte_span key) noexcept {
    for (auto scheme : {handshake_mode::digest_scheme_0, handshake_mode::digest_scheme_1}) {
        if (has_valid_digest(packet, scheme, key)) return scheme;
    }
    return std::nullopt;
}

void imprint_digest(std::span<std::byte> packet, handshake_mode scheme, byte_span key) noexcept {
    auto offset = digest_offset(packet, scheme);
    auto digest = packet_digest(packet, offset, key);
    std::copy(digest.begin(), digest.end(), packet.begin() + static_cast<std::ptrdiff_t>(offset));
}

sha256_digest response_signature(byte_span peer_digest, byte_span full_key, byte_span packet) noexcept {
    auto key = hmac_sha256_of(full_key, {peer_digest});
    return hmac_sha256_of(key, {packet.first(handshake_size - digest_size)});
}

}  // namespace lal::rtmp::detail
