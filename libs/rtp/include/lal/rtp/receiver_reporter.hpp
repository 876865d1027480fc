// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/media/frame.hpp>
#include <lal/rtp/packet.hpp>
#include <lal/rtp/receiver_stats.hpp>

namespace lal::rtp {

/// The receiving end of one RTP track as RFC 3550 6.4.2 wants it heard from:
/// learns the source's SSRC from its packets, keeps its reception statistics
/// (receiver_stats) and the sender reports it sent, and builds the compound
/// RTCP that goes back (a receiver report, then SDES CNAME, RFC 3550 6.1).
/// Times are µs of the caller's clock.
class receiver_reporter {
public:
    /// `clock_rate` of the track, `own_ssrc` the receiver's SSRC, `cname` its
    /// canonical name (RFC 3550 6.5.1; at most 255 bytes).
    receiver_reporter(std::uint32_t clock_rate, std::uint32_t own_ssrc, std::string cname);

    /// An RTP packet of the track arrived at `arrival`. Packets of another
    /// SSRC than the first one seen are not counted (RFC 3550 8.2: a new
    /// source restarts the statistics).
    void on_rtp(const header& h, media::micros arrival);
    /// An RTCP datagram from the source's side arrived: its sender report
    /// gives the next report's LSR/DLSR. Errors: parse_rtcp's.
    std::error_code on_rtcp(byte_span datagram, media::micros arrival);

    /// The compound RR + SDES CNAME for `now`, with one report block once a
    /// packet came (none before); starts a new fraction_lost interval.
    std::vector<std::byte> report(media::micros now);

    /// The statistics so far (received, expected, jitter).
    const receiver_stats& stats() const noexcept { return stats_; }
    /// The source's SSRC, once a packet came.
    std::optional<std::uint32_t> source() const noexcept { return source_; }

private:
    std::uint32_t own_ssrc_;
    std::string cname_;
    receiver_stats stats_;
    std::optional<std::uint32_t> source_;
};

}  // namespace lal::rtp
