// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>

#include <lal/base/bytes.hpp>
#include <lal/rtmp/detail/sha256.hpp>
#include <lal/rtmp/handshake.hpp>

// The digest ("complex") handshake that Flash Player 9.0.124 introduced and
// that Flash Media Server, nginx-rtmp, ffmpeg, librtmp and OBS implement. It is
// not in the published RTMP specification; the layout below is the one those
// peers agree on.
//
// A 1536-byte C1/S1 is time(4) version(4) and 1528 bytes that hold a 32-byte
// digest somewhere inside: scheme 0 puts it in the first 764-byte block after
// the header (offset from bytes 8..11), scheme 1 in the second block (offset
// from bytes 772..775). The digest is HMAC-SHA256 over the 1504 other bytes.
namespace lal::rtmp::detail {

/// Size of a handshake digest.
inline constexpr std::size_t digest_size = 32;

/// "Genuine Adobe Flash Player 001" followed by its 32-byte suffix. C1 digests use
/// the first 30 bytes; C2 signatures derive their key from all 62.
extern const std::array<std::byte, 62> flash_player_key;
/// "Genuine Adobe Flash Media Server 001" followed by the same 32-byte suffix. S1
/// digests use the first 36 bytes; S2 signatures derive their key from all 68.
extern const std::array<std::byte, 68> flash_media_server_key;

/// Length of the Flash Player key prefix used for C1 digests.
inline constexpr std::size_t flash_player_key_prefix = 30;
/// Length of the Flash Media Server key prefix used for S1 digests.
inline constexpr std::size_t flash_media_server_key_prefix = 36;

/// Offset of the digest inside a 1536-byte C1/S1 for a digest scheme (not plain).
std::size_t digest_offset(byte_span packet, handshake_mode scheme) noexcept;

/// HMAC-SHA256 under `key` of `packet` without the 32 bytes at `offset`.
sha256_digest packet_digest(byte_span packet, std::size_t offset, byte_span key) noexcept;

/// True when `packet` carries a valid digest for `scheme` under `key`.
bool has_valid_digest(byte_span packet, handshake_mode scheme, byte_span key) noexcept;

/// The scheme whose digest verifies (scheme 0 tried first), or nullopt.
std::optional<handshake_mode> find_digest(byte_span packet, byte_span key) noexcept;

/// Writes the digest for `scheme` under `key` into `packet` (1536 bytes).
void imprint_digest(std::span<std::byte> packet, handshake_mode scheme, byte_span key) noexcept;

/// Signature of an S2/C2: HMAC(HMAC(full_key, peer_digest), packet[0..1504)).
sha256_digest response_signature(byte_span peer_digest, byte_span full_key, byte_span packet) noexcept;

}  // namespace lal::rtmp::detail
