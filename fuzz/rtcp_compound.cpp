// SPDX-License-Identifier: MIT
// Compound RTCP (RFC 3550 6.1, 6.4-6.6). Properties:
// - every parsed packet is built again (append_rtcp), except an unknown
//   type whose padded body is no longer whole words, and the built compound
//   parses to the same packets;
// - counts stay within their 5-bit fields;
// - errors are lal::rtp's.
#include <cstdint>
#include <variant>
#include <vector>

#include <lal/rtp/rtcp.hpp>

#include "fuzz_support.hpp"

namespace rtp = lal::rtp;

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
