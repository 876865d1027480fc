// SPDX-License-Identifier: MIT
#include <lal/rtp/receiver_reporter.hpp>

#include <variant>

#include <lal/rtp/rtcp.hpp>

namespace lal::rtp {

receiver_reporter::receiver_reporter(std::uint32_t clock_rate, std::uint32_t own_ssrc, std::string cname)
    : own_ssrc_(own_ssrc), cname_(std::move(cname)), stats_(clock_rate) {
    if (cname_.size() > 255) cname_.resize(255);  // RFC 3550 6.5: an 8-bit length
}

void receiver_reporter::on_rtp(const header& h, media::micros arrival) {
    if (!source_) source_ = h.ssrc;
    if (h.ssrc != *source_) return;
    stats_.on_packet(h.sequence, h.timestamp, arrival);
}

std::error_code receiver_reporter::on_rtcp(byte_span datagram, media::micros arrival) {
    auto packets = parse_rtcp(datagram);
    if (!packets) return packets.error();
    for (const auto& p : *packets) {
        const auto* sr = std::get_if<sender_report>(&p);
        // Before the first RTP packet the SR's sender is taken as the source.
        if (!sr || (source_ && sr->ssrc != *source_)) continue;
        if (!source_) source_ = sr->ssrc;
        stats_.on_sender_report(*sr, arrival);
    }
    return {};
}

std::vector<std::byte> receiver_reporter::report(media::micros now) {
    receiver_report rr;
    rr.ssrc = own_ssrc_;
    if (source_ && stats_.received() > 0) rr.reports.push_back(stats_.block(*source_, now));
    std::vector<std::byte> out;
    // Neither can fail: one block, and a CNAME of at most 255 bytes.
    (void)append_rtcp(rr, out);
    (void)append_rtcp(source_description{{sdes_chunk{own_ssrc_, {sdes_item{1, cname_}}}}}, out);
    return out;
}

}  // namespace lal::rtp
