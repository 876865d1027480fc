// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/rtp/rtcp.hpp>

namespace lal::rtp {

/// Feedback packet types (RFC 4585 6.1).
namespace rtcp_type {
inline constexpr std::uint8_t rtpfb = 205;  ///< transport layer feedback
inline constexpr std::uint8_t psfb = 206;   ///< payload-specific feedback
}  // namespace rtcp_type

/// Generic NACK (RFC 4585 6.2.1): the media sender should resend `lost`.
struct generic_nack {
    std::uint32_t sender_ssrc = 0;
    std::uint32_t media_ssrc = 0;
    std::vector<std::uint16_t> lost;  ///< in the order of the FCI entries, each PID then its BLP bits
    bool operator==(const generic_nack&) const = default;
};

/// Picture loss indication (RFC 4585 6.3.1): the decoder needs a key frame.
struct picture_loss {
    std::uint32_t sender_ssrc = 0;
    std::uint32_t media_ssrc = 0;
    bool operator==(const picture_loss&) const = default;
};

/// One FIR entry (RFC 5104 4.3.1.1).
struct fir_entry {
    std::uint32_t ssrc = 0;
    std::uint8_t sequence = 0;  ///< incremented per new request
    bool operator==(const fir_entry&) const = default;
};

/// Full intra request (RFC 5104 4.3.1): key frames from each listed source.
struct full_intra_request {
    std::uint32_t sender_ssrc = 0;
    std::vector<fir_entry> entries;
    bool operator==(const full_intra_request&) const = default;
};

/// The feedback messages lal reads and writes.
using feedback = std::variant<generic_nack, picture_loss, full_intra_request>;

/// Reads an RTPFB or PSFB packet that parse_rtcp() returned as other_rtcp.
/// Errors: unsupported_packet_type (another type or FMT: TMMBR, SLI, REMB...),
/// truncated (FCI shorter than its format needs).
lal::result<feedback> parse_feedback(const other_rtcp& packet);

/// Appends one feedback packet. A NACK packs runs of `lost` (each within 16
/// after the entry's first number, wrap-around aware, in the given order)
/// into PID+BLP entries. Errors, nothing appended: bad_report_count (NACK
/// with no sequence number, FIR with no entry, or over 16383 FCI words).
std::error_code append_feedback(const feedback& f, std::vector<std::byte>& out);

}  // namespace lal::rtp
