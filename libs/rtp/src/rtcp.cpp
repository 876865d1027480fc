// SPDX-License-Identifier: MIT
#include <lal/rtp/rtcp.hpp>

#include <lal/base/byte_reader.hpp>

namespace lal::rtp {
namespace {

constexpr std::size_t max_count = 31;  // the 5-bit RC/SC field

bool read_block(lal::byte_reader& r, report_block& b) {
    auto ssrc = r.u32();
    auto lost = r.u32();
    auto highest = r.u32();
    auto jitter = r.u32();
    auto lsr = r.u32();
    auto dlsr = r.u32();
    if (!dlsr) return false;
    b.ssrc = *ssrc;
    b.fraction_lost = static_cast<std::uint8_t>(*lost >> 24);
    // RFC 3550 6.4.1: cumulative number of packets lost is a signed 24-bit value.
    auto cum = *lost & 0xffffff;
    b.cumulative_lost = (cum & 0x800000) ? static_cast<std::int32_t>(cum) - 0x1000000 : static_cast<std::int32_t>(cum);
    b.highest_sequence = *highest;
    b.jitter = *jitter;
    b.last_sr = *lsr;
    b.delay_since_last_sr = *dlsr;
    return true;
}

lal::result<std::vector<report_block>> read_blocks(lal::byte_reader& r, unsigned count) {
    if (r.remaining() < count * 24u) return errc::bad_report_count;
    std::vector<report_block> v(count);
    for (auto& b : v) read_block(r, b);
    return v;
}

lal::result<rtcp_packet> parse_one(std::uint8_t type, unsigned count, byte_span body) {
    lal::byte_reader r(body);
    switch (type) {
    case rtcp_type::sr: {
        sender_report sr;
        auto ssrc = r.u32();
        auto ntp = r.u64();
        auto rtp_time = r.u32();
        auto packets = r.u32();
        auto octets = r.u32();
        if (!octets) return errc::truncated;
        sr.ssrc = *ssrc;
        sr.ntp_time = *ntp;
        sr.rtp_time = *rtp_time;
        sr.packet_count = *packets;
        sr.octet_count = *octets;
        auto blocks = read_blocks(r, count);
        if (!blocks) return blocks.error();
        sr.reports = std::move(*blocks);
        return rtcp_packet{std::move(sr)};  // trailing profile extensions are ignored (6.4.1)
    }
    case rtcp_type::rr: {
        receiver_report rr;
        auto ssrc = r.u32();
        if (!ssrc) return errc::truncated;
        rr.ssrc = *ssrc;
        auto blocks = read_blocks(r, count);
        if (!blocks) return blocks.error();
        rr.reports = std::move(*blocks);
        return rtcp_packet{std::move(rr)};
    }
    case rtcp_type::sdes: {
        source_description sd;
        for (unsigned i = 0; i < count; ++i) {
            sdes_chunk c;
            auto ssrc = r.u32();
            if (!ssrc) return errc::bad_report_count;
            c.ssrc = *ssrc;
            // RFC 3550 6.5: items end with a null octet, then pad to a 32-bit boundary.
            for (;;) {
                auto t = r.u8();
                if (!t) return errc::truncated;
                if (*t == 0) break;
                auto len = r.u8();
                if (!len) return errc::truncated;
                auto text = r.bytes(*len);
                if (!text) return errc::truncated;
                c.items.push_back({*t, std::string(as_string_view(*text))});
            }
            while (r.position() % 4 != 0) {
                if (!r.skip(1)) return errc::truncated;
            }
            sd.chunks.push_back(std::move(c));
        }
        return rtcp_packet{std::move(sd)};
    }
    case rtcp_type::bye: {
        goodbye bye;
        if (r.remaining() < count * 4u) return errc::bad_report_count;
        for (unsigned i = 0; i < count; ++i) bye.ssrcs.push_back(*r.u32());
        if (auto len = r.u8()) {
            auto text = r.bytes(*len);
            if (!text) return errc::truncated;
            bye.reason.assign(as_string_view(*text));
        }
        return rtcp_packet{std::move(bye)};
    }
    default:
        return rtcp_packet{other_rtcp{type, static_cast<std::uint8_t>(count), to_vector(body)}};
    }
}

void write_block(lal::byte_writer& w, const report_block& b) {
    w.u32(b.ssrc);
    w.u32((std::uint32_t{b.fraction_lost} << 24) | (static_cast<std::uint32_t>(b.cumulative_lost) & 0xffffff));
    w.u32(b.highest_sequence);
    w.u32(b.jitter);
    w.u32(b.last_sr);
    w.u32(b.delay_since_last_sr);
}

}  // namespace

lal::result<std::vector<rtcp_packet>> parse_rtcp(byte_span datagram) {
    std::vector<rtcp_packet> out;
    lal::byte_reader r(datagram);
    if (r.empty()) return errc::truncated;
    while (!r.empty()) {
        auto b0 = r.u8();
        auto type = r.u8();
        auto words = r.u16();
        if (!words) return errc::truncated;
        if ((*b0 >> 6) != 2) return errc::bad_version;
        // RFC 3550 6.4.1: length is the packet's 32-bit words minus one.
        const std::size_t body_size = std::size_t{*words} * 4;
        auto body = r.bytes(body_size);
        if (!body) return errc::bad_rtcp_length;
        if (*b0 & 0x20) {
            // RFC 3550 6.4.1: only the last packet of a compound may be padded.
            if (!r.empty()) return errc::bad_rtcp_padding;
            if (body->empty()) return errc::bad_padding;
            auto pad = std::to_integer<std::uint8_t>(body->back());
            if (pad == 0 || pad > body->size()) return errc::bad_padding;
            *body = body->first(body->size() - pad);
        }
        auto p = parse_one(*type, *b0 & 0x1f, *body);
        if (!p) return p.error();
        out.push_back(std::move(*p));
    }
    return out;
}

std::error_code append_rtcp(const rtcp_packet& p, std::vector<std::byte>& out) {
    std::vector<std::byte> body;
    lal::byte_writer w(body);
    std::uint8_t type = 0;
    std::size_t count = 0;
    if (auto sr = std::get_if<sender_report>(&p)) {
        type = rtcp_type::sr;
        count = sr->reports.size();
        w.u32(sr->ssrc);
        w.u64(sr->ntp_time);
        w.u32(sr->rtp_time);
        w.u32(sr->packet_count);
        w.u32(sr->octet_count);
        for (const auto& b : sr->reports) write_block(w, b);
    } else if (auto rr = std::get_if<receiver_report>(&p)) {
        type = rtcp_type::rr;
        count = rr->reports.size();
        w.u32(rr->ssrc);
        for (const auto& b : rr->reports) write_block(w, b);
    } else if (auto sd = std::get_if<source_description>(&p)) {
        type = rtcp_type::sdes;
        count = sd->chunks.size();
        for (const auto& c : sd->chunks) {
            w.u32(c.ssrc);
            for (const auto& item : c.items) {
                if (item.text.size() > 255) return errc::text_too_long;
                w.u8(item.type);
                w.u8(static_cast<std::uint8_t>(item.text.size()));
                w.bytes(as_byte_span(item.text));
            }
            // RFC 3550 6.5: a null item ends the list, then pad to a word boundary.
            w.u8(0);
            while (body.size() % 4 != 0) w.u8(0);
        }
    } else if (auto bye = std::get_if<goodbye>(&p)) {
        type = rtcp_type::bye;
        count = bye->ssrcs.size();
        for (auto s : bye->ssrcs) w.u32(s);
        if (!bye->reason.empty()) {
            if (bye->reason.size() > 255) return errc::text_too_long;
            w.u8(static_cast<std::uint8_t>(bye->reason.size()));
            w.bytes(as_byte_span(bye->reason));
            while (body.size() % 4 != 0) w.u8(0);
        }
    } else {
        const auto& o = std::get<other_rtcp>(p);
        type = o.type;
        count = o.count;
        if (o.body.size() % 4 != 0) return errc::bad_rtcp_length;
        w.bytes(o.body);
    }
    if (count > max_count) return errc::bad_report_count;
    if (body.size() / 4 > 0xffff) return errc::bad_rtcp_length;
    lal::byte_writer o(out);
    o.u8(static_cast<std::uint8_t>(0x80 | count));
    o.u8(type);
    o.u16(static_cast<std::uint16_t>(body.size() / 4));
    o.bytes(body);
    return {};
}

}  // namespace lal::rtp
