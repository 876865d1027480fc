// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>

#include <lal/media/wire_form.hpp>
#include <lal/rtp/packet.hpp>
#include <lal/rtp/packetizer.hpp>
#include <lal/rtp/rtcp.hpp>

namespace lal::rtp {

/// One outgoing RTP stream of a session: the only per-session state of a
/// shared packetized frame is the 12-byte header (SSRC, sequence number,
/// timestamp offset), written here; the payload pieces stay shared.
class sender {
public:
    /// `first_sequence` and `timestamp_offset` should be random (RFC 3550 5.1).
    sender(std::uint32_t ssrc, std::uint8_t payload_type, std::uint16_t first_sequence,
           std::uint32_t timestamp_offset) noexcept
        : ssrc_(ssrc), payload_type_(payload_type), sequence_(first_sequence), offset_(timestamp_offset) {}

    /// The header of the next packet carrying `plan`; advances the sequence
    /// number and the counters of the next sender report.
    std::array<std::byte, fixed_header_size> header(const packet_plan& plan) noexcept {
        ++packets_;
        octets_ += static_cast<std::uint32_t>(plan.size());
        return fixed_header(plan.marker, payload_type_, sequence_++, plan.timestamp + offset_, ssrc_);
    }
    /// The whole packet as pieces: a new 12-byte header, then the shared pieces.
    media::wire_form packet(const packet_plan& plan) {
        auto h = header(plan);
        media::wire_form w;
        w.reserve(plan.pieces.size() + 1);
        w.add(lal::payload::copy_from(h));
        for (const auto& p : plan.pieces) w.add(p);
        return w;
    }
    /// A sender report (RFC 3550 6.4.1) for wall time `ntp`, which is media
    /// time `rtp_time` (before the offset) on this stream's clock.
    sender_report report(std::uint64_t ntp, std::uint32_t rtp_time) const {
        return {ssrc_, ntp, rtp_time + offset_, packets_, octets_, {}};
    }
    /// The sequence number the next packet gets (RTSP RTP-Info "seq").
    std::uint16_t next_sequence() const noexcept { return sequence_; }
    /// The SSRC.
    std::uint32_t ssrc() const noexcept { return ssrc_; }
    /// The timestamp offset added to media time (RTSP RTP-Info "rtptime" base).
    std::uint32_t timestamp_offset() const noexcept { return offset_; }

private:
    std::uint32_t ssrc_;
    std::uint8_t payload_type_;
    std::uint16_t sequence_;
    std::uint32_t offset_;
    std::uint32_t packets_ = 0;
    std::uint32_t octets_ = 0;
};

}  // namespace lal::rtp
