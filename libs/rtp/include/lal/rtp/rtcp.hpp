// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/rtp/error.hpp>

namespace lal::rtp {

/// RTCP packet types (RFC 3550 12.1).
namespace rtcp_type {
inline constexpr std::uint8_t sr = 200;
inline constexpr std::uint8_t rr = 201;
inline constexpr std::uint8_t sdes = 202;
inline constexpr std::uint8_t bye = 203;
inline constexpr std::uint8_t app = 204;
}  // namespace rtcp_type

/// One reception report block (RFC 3550 6.4.1).
struct report_block {
    std::uint32_t ssrc = 0;
    std::uint8_t fraction_lost = 0;
    std::int32_t cumulative_lost = 0;   ///< signed 24 bits
    std::uint32_t highest_sequence = 0; ///< extended highest sequence number received
    std::uint32_t jitter = 0;
    std::uint32_t last_sr = 0;          ///< middle 32 bits of the last SR's NTP time
    std::uint32_t delay_since_last_sr = 0;  ///< units of 1/65536 s
    bool operator==(const report_block&) const = default;
};

/// Sender report (RFC 3550 6.4.1): maps the sender's RTP clock to NTP time.
struct sender_report {
    std::uint32_t ssrc = 0;
    std::uint64_t ntp_time = 0;  ///< 32.32 fixed point seconds since 1900
    std::uint32_t rtp_time = 0;  ///< the same instant on the RTP clock
    std::uint32_t packet_count = 0;
    std::uint32_t octet_count = 0;
    std::vector<report_block> reports;  ///< at most 31
    bool operator==(const sender_report&) const = default;
};

/// Receiver report (RFC 3550 6.4.2).
struct receiver_report {
    std::uint32_t ssrc = 0;
    std::vector<report_block> reports;  ///< at most 31
    bool operator==(const receiver_report&) const = default;
};

/// One SDES item (RFC 3550 6.5): type 1 CNAME, 2 NAME, ... 8 PRIV.
struct sdes_item {
    std::uint8_t type = 1;
    std::string text;  ///< at most 255 bytes
    bool operator==(const sdes_item&) const = default;
};

/// The items of one source in an SDES packet.
struct sdes_chunk {
    std::uint32_t ssrc = 0;
    std::vector<sdes_item> items;
    bool operator==(const sdes_chunk&) const = default;
};

/// Source description (RFC 3550 6.5).
struct source_description {
    std::vector<sdes_chunk> chunks;  ///< at most 31
    bool operator==(const source_description&) const = default;
};

/// BYE (RFC 3550 6.6).
struct goodbye {
    std::vector<std::uint32_t> ssrcs;  ///< at most 31
    std::string reason;                ///< optional, at most 255 bytes
    bool operator==(const goodbye&) const = default;
};

/// Any other RTCP packet (APP, RTPFB, XR...), kept as its count field and body.
struct other_rtcp {
    std::uint8_t type = 0;
    std::uint8_t count = 0;  ///< the 5-bit field after V and P
    std::vector<std::byte> body;  ///< after the 4-byte common header, padding removed
    bool operator==(const other_rtcp&) const = default;
};

/// One packet of a compound RTCP datagram.
using rtcp_packet = std::variant<sender_report, receiver_report, source_description, goodbye, other_rtcp>;

/// Parses a compound RTCP datagram (RFC 3550 6.1) into its packets. Every
/// length and count is checked against the bytes; padding is accepted only on
/// the last packet. A compound need not start with SR or RR: RFC 5506
/// reduced-size RTCP and many cameras send a lone BYE or APP.
/// Errors: truncated, bad_version, bad_rtcp_length, bad_rtcp_padding,
/// bad_padding, bad_report_count.
lal::result<std::vector<rtcp_packet>> parse_rtcp(byte_span datagram);

/// Appends one RTCP packet; several appended in a row form a compound.
/// Nothing is appended on error: bad_report_count (over 31 entries),
/// text_too_long, bad_rtcp_length (other_rtcp body not whole words).
std::error_code append_rtcp(const rtcp_packet& p, std::vector<std::byte>& out);

/// The middle 32 bits of an NTP time, as report blocks' last_sr holds it.
constexpr std::uint32_t ntp_middle(std::uint64_t ntp) noexcept {
    return static_cast<std::uint32_t>(ntp >> 16);
}

}  // namespace lal::rtp
