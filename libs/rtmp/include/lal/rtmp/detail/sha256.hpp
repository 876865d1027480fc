// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include <lal/base/bytes.hpp>

namespace lal::rtmp::detail {

/// A SHA-256 or HMAC-SHA256 result.
using sha256_digest = std::array<std::byte, 32>;

/// Incremental SHA-256 (FIPS 180-4 section 6.2), enough for the digest handshake.
class sha256 {
public:
    /// Starts a new hash.
    sha256() noexcept;
    /// Hashes more bytes.
    void update(byte_span data) noexcept;
    /// Pads, returns the digest; the object must not be used afterwards.
    sha256_digest finish() noexcept;

private:
    void block(const std::byte* p) noexcept;

    std::array<std::uint32_t, 8> h_{};
    std::array<std::byte, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_ = 0;
};

/// SHA-256 of one byte range.
sha256_digest sha256_of(byte_span data) noexcept;

/// Incremental HMAC-SHA256 (RFC 2104 with SHA-256, as RFC 4231 tests it).
class hmac_sha256 {
public:
    /// Starts a MAC under `key` (any length; keys over 64 bytes are hashed first).
    explicit hmac_sha256(byte_span key) noexcept;
    /// Authenticates more bytes.
    void update(byte_span data) noexcept;
    /// The MAC; the object must not be used afterwards.
    sha256_digest finish() noexcept;

private:
    sha256 inner_;
    std::array<std::byte, 64> outer_key_{};
};

/// HMAC-SHA256 of the concatenation of `parts` under `key`.
sha256_digest hmac_sha256_of(byte_span key, std::initializer_list<byte_span> parts) noexcept;

}  // namespace lal::rtmp::detail
