// SPDX-License-Identifier: MIT
#include <lal/rtp/feedback.hpp>

#include <lal/base/byte_reader.hpp>

namespace lal::rtp {
namespace {

// RFC 4585 6.2 / 6.3: FMT values.
constexpr std::uint8_t fmt_nack = 1;
constexpr std::uint8_t fmt_pli = 1;
constexpr std::uint8_t fmt_fir = 4;
// The RTCP length field counts 32-bit words minus one in 16 bits (RFC 3550 6.4.1).
constexpr std::size_t max_fci_words = 0xffff - 2;

void write_header(std::vector<std::byte>& out, std::uint8_t fmt, std::uint8_t type, std::size_t fci_words,
                  std::uint32_t sender, std::uint32_t media) {
    lal::byte_writer w(out);
    w.u8(static_cast<std::uint8_t>(0x80 | fmt));  // V=2, P=0
    w.u8(type);
    w.u16(static_cast<std::uint16_t>(2 + fci_words));
    w.u32(sender);
    w.u32(media);
}

}  // namespace

lal::result<feedback> parse_feedback(const other_rtcp& packet) {
    lal::byte_reader r(packet.body);
    // RFC 4585 6.1: sender SSRC, media source SSRC, then the FCI.
    auto sender = r.u32();
    auto media = r.u32();
    if (packet.type != rtcp_type::rtpfb && packet.type != rtcp_type::psfb) return errc::unsupported_packet_type;
    if (!media) return errc::truncated;
    if (packet.type == rtcp_type::rtpfb) {
        if (packet.count != fmt_nack) return errc::unsupported_packet_type;
        generic_nack n{*sender, *media, {}};
        if (r.remaining() < 4) return errc::truncated;
        n.lost.reserve(r.remaining() / 4 * 2);
        while (r.remaining() >= 4) {
            // RFC 4585 6.2.1: PID, then a bitmask of the 16 following packets.
            const auto pid = *r.u16();
            const auto blp = *r.u16();
            n.lost.push_back(pid);
            for (unsigned bit = 0; bit < 16; ++bit)
                if (blp & (1u << bit)) n.lost.push_back(static_cast<std::uint16_t>(pid + bit + 1));
        }
        return feedback{std::move(n)};
    }
    if (packet.count == fmt_pli) return feedback{picture_loss{*sender, *media}};
    if (packet.count == fmt_fir) {
        // RFC 5104 4.3.1.2: media source SSRC is unused (0); each entry is
        // SSRC, sequence number and 24 reserved bits.
        full_intra_request fir{*sender, {}};
        if (r.remaining() < 8) return errc::truncated;
        while (r.remaining() >= 8) {
            const auto ssrc = *r.u32();
            const auto seq = *r.u8();
            r.skip(3);
            fir.entries.push_back({ssrc, seq});
        }
        return feedback{std::move(fir)};
    }
    return errc::unsupported_packet_type;
}

std::error_code append_feedback(const feedback& f, std::vector<std::byte>& out) {
    if (const auto* n = std::get_if<generic_nack>(&f)) {
        if (n->lost.empty()) return errc::bad_report_count;
        std::vector<std::pair<std::uint16_t, std::uint16_t>> entries;
        for (auto seq : n->lost) {
            if (!entries.empty()) {
                auto& [pid, blp] = entries.back();
                const auto d = static_cast<std::uint16_t>(seq - pid);
                if (d == 0) continue;
                if (d <= 16) {
                    blp = static_cast<std::uint16_t>(blp | (1u << (d - 1)));
                    continue;
                }
            }
            entries.emplace_back(seq, 0);
        }
        if (entries.size() > max_fci_words) return errc::bad_report_count;
        write_header(out, fmt_nack, rtcp_type::rtpfb, entries.size(), n->sender_ssrc, n->media_ssrc);
        lal::byte_writer w(out);
        for (auto [pid, blp] : entries) {
            w.u16(pid);
            w.u16(blp);
        }
        return {};
    }
    if (const auto* p = std::get_if<picture_loss>(&f)) {
        write_header(out, fmt_pli, rtcp_type::psfb, 0, p->sender_ssrc, p->media_ssrc);
        return {};
    }
    const auto& fir = std::get<full_intra_request>(f);
    if (fir.entries.empty() || fir.entries.size() * 2 > max_fci_words) return errc::bad_report_count;
    write_header(out, fmt_fir, rtcp_type::psfb, fir.entries.size() * 2, fir.sender_ssrc, 0);
    lal::byte_writer w(out);
    for (const auto& e : fir.entries) {
        w.u32(e.ssrc);
        w.u8(e.sequence);
        w.u24(0);
    }
    return {};
}

}  // namespace lal::rtp
