// SPDX-License-Identifier: MIT
// Compound RTCP (RFC 3550 6.1, 6.4-6.6). Properties:
// - every parsed packet is built again (append_rtcp), except an unknown
//   type whose padded body is no longer whole words, and the built compound
//   parses to the same packets;
// - counts stay within their 5-bit fields;
// - errors are lal::rtp's;
// - feedback (RTPFB/PSFB) that parse_feedback reads builds again and reads
//   back the same (NACK: the same set of lost numbers).
#include <algorithm>
#include <cstdint>
#include <variant>
#include <vector>

#include <lal/rtp/feedback.hpp>
#include <lal/rtp/rtcp.hpp>

#include "fuzz_support.hpp"

namespace rtp = lal::rtp;

namespace {

std::vector<std::uint16_t> sorted_set(std::vector<std::uint16_t> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

void check_feedback(const rtp::other_rtcp& other) {
    auto f = rtp::parse_feedback(other);
    if (!f) {
        LAL_FUZZ_CHECK(f.error().category() == rtp::category());
        return;
    }
    std::vector<std::byte> out;
    LAL_FUZZ_CHECK(!rtp::append_feedback(*f, out));
    auto again = rtp::parse_rtcp(out);
    LAL_FUZZ_CHECK(again.has_value() && again->size() == 1);
    auto back = rtp::parse_feedback(std::get<rtp::other_rtcp>((*again)[0]));
    LAL_FUZZ_CHECK(back.has_value());
    if (auto n = std::get_if<rtp::generic_nack>(&*f)) {
        auto m = std::get<rtp::generic_nack>(*back);
        LAL_FUZZ_CHECK(m.sender_ssrc == n->sender_ssrc && m.media_ssrc == n->media_ssrc);
        LAL_FUZZ_CHECK(sorted_set(m.lost) == sorted_set(n->lost));
    } else {
        LAL_FUZZ_CHECK(*back == *f);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto packets = rtp::parse_rtcp(in);
    if (!packets) {
        LAL_FUZZ_CHECK(packets.error().category() == rtp::category());
        return 0;
    }
    std::vector<rtp::rtcp_packet> kept;
    std::vector<std::byte> out;
    for (const auto& p : *packets) {
        if (auto sr = std::get_if<rtp::sender_report>(&p)) LAL_FUZZ_CHECK(sr->reports.size() <= 31);
        if (auto rr = std::get_if<rtp::receiver_report>(&p)) LAL_FUZZ_CHECK(rr->reports.size() <= 31);
        if (auto sd = std::get_if<rtp::source_description>(&p)) LAL_FUZZ_CHECK(sd->chunks.size() <= 31);
        if (auto bye = std::get_if<rtp::goodbye>(&p)) LAL_FUZZ_CHECK(bye->ssrcs.size() <= 31 && bye->reason.size() <= 255);
        if (auto other = std::get_if<rtp::other_rtcp>(&p)) check_feedback(*other);
        const auto before = out.size();
        auto ec = rtp::append_rtcp(p, out);
        if (ec) {
            const auto* other = std::get_if<rtp::other_rtcp>(&p);
            LAL_FUZZ_CHECK(other && other->body.size() % 4 != 0 && ec == rtp::errc::bad_rtcp_length);
            LAL_FUZZ_CHECK(out.size() == before);
            continue;
        }
        kept.push_back(p);
    }
    if (kept.empty()) return 0;
    auto again = rtp::parse_rtcp(out);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(*again == kept);
    return 0;
}
