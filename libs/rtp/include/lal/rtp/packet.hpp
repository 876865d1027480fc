// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/rtp/error.hpp>

namespace lal::rtp {

/// Size of the fixed RTP header without CSRCs (RFC 3550 5.1).
inline constexpr std::size_t fixed_header_size = 12;
/// CSRC count is a 4-bit field (RFC 3550 5.1).
inline constexpr std::size_t max_csrcs = 15;

/// The header extension (RFC 3550 5.3.1): a 16-bit profile word and whole
/// 32-bit words of data (RFC 8285 one/two-byte forms are not decoded).
struct header_extension {
    std::uint16_t profile = 0;
    lal::payload data;  ///< length is a multiple of 4
};

/// The RTP header fields (RFC 3550 5.1); version is always 2.
struct header {
    bool marker = false;
    std::uint8_t payload_type = 0;  ///< 7 bits
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::vector<std::uint32_t> csrcs;  ///< at most 15
    std::optional<header_extension> extension;
};

/// One parsed RTP packet; `payload` excludes header, extension and padding
/// and shares storage with the datagram it was parsed from.
struct packet {
    rtp::header header;
    lal::payload payload;
    std::uint8_t padding = 0;  ///< padding bytes that followed the payload (0 = none)
};

/// Parses one RTP packet from a whole datagram (or an interleaved frame).
/// Errors: truncated, bad_version, bad_padding.
lal::result<packet> parse_packet(const lal::payload& datagram);

/// Appends header (with CSRCs and extension) for a payload of
/// `payload_size` bytes followed by `padding` padding bytes (0 = no P bit);
/// the padding bytes themselves are appended too (zeros, then the count,
/// RFC 3550 5.1). Nothing is appended on error: too_many_csrcs, bad_extension.
std::error_code append_header(const header& h, std::uint8_t padding, std::vector<std::byte>& out);

/// The 12-byte fixed header alone (no CSRC, extension or padding): what a
/// sender writes before each shared payload.
std::array<std::byte, fixed_header_size> fixed_header(bool marker, std::uint8_t payload_type,
                                                      std::uint16_t sequence, std::uint32_t timestamp,
                                                      std::uint32_t ssrc) noexcept;

/// A whole packet: header, payload, padding. Errors as append_header.
lal::result<std::vector<std::byte>> build_packet(const header& h, byte_span payload, std::uint8_t padding = 0);

/// True when `b` (the second byte of a packet on a shared port) is an RTCP
/// packet type 192..223, the RFC 5761 4 test for RTP/RTCP multiplexing.
constexpr bool looks_like_rtcp(std::uint8_t second_byte) noexcept {
    return second_byte >= 192 && second_byte <= 223;
}

}  // namespace lal::rtp
