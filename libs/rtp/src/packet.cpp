// SPDX-License-Identifier: MIT
#include <lal/rtp/packet.hpp>

#include <lal/base/byte_reader.hpp>

namespace lal::rtp {

lal::result<packet> parse_packet(const lal::payload& datagram) {
    lal::byte_reader r(datagram.bytes());
    auto b0 = r.u8();
    auto b1 = r.u8();
    auto seq = r.u16();
    auto ts = r.u32();
    auto ssrc = r.u32();
    if (!ssrc) return errc::truncated;
    // RFC 3550 5.1: V=2, P, X, CC(4) | M, PT(7)
    if ((*b0 >> 6) != 2) return errc::bad_version;
    const bool has_padding = (*b0 & 0x20) != 0;
    const bool has_extension = (*b0 & 0x10) != 0;
    const unsigned csrc_count = *b0 & 0x0f;

    packet p;
    p.header.marker = (*b1 & 0x80) != 0;
    p.header.payload_type = *b1 & 0x7f;
    p.header.sequence = *seq;
    p.header.timestamp = *ts;
    p.header.ssrc = *ssrc;
    if (r.remaining() < csrc_count * 4u) return errc::truncated;
    p.header.csrcs.reserve(csrc_count);
    for (unsigned i = 0; i < csrc_count; ++i) p.header.csrcs.push_back(*r.u32());
    if (has_extension) {
        // RFC 3550 5.3.1: profile-defined 16 bits, then a length in 32-bit words.
        auto profile = r.u16();
        auto words = r.u16();
        if (!words || r.remaining() < std::size_t{*words} * 4) return errc::truncated;
        header_extension ext;
        ext.profile = *profile;
        ext.data = datagram.slice(r.position(), std::size_t{*words} * 4);
        r.skip(std::size_t{*words} * 4);
        p.header.extension = std::move(ext);
    }
    std::size_t body = r.remaining();
    if (has_padding) {
        // RFC 3550 5.1: the last octet counts the padding, itself included.
        if (body == 0) return errc::bad_padding;
        auto count = std::to_integer<std::uint8_t>(datagram.bytes().back());
        if (count == 0 || count > body) return errc::bad_padding;
        p.padding = count;
        body -= count;
    }
    p.payload = datagram.slice(r.position(), body);
    return p;
}

std::error_code append_header(const header& h, std::uint8_t padding, std::vector<std::byte>& out) {
    if (h.csrcs.size() > max_csrcs) return errc::too_many_csrcs;
    if (h.extension && (h.extension->data.size() % 4 != 0 || h.extension->data.size() / 4 > 0xffff))
        return errc::bad_extension;
    auto fixed = fixed_header(h.marker, h.payload_type, h.sequence, h.timestamp, h.ssrc);
    fixed[0] |= static_cast<std::byte>((padding ? 0x20 : 0) | (h.extension ? 0x10 : 0) | h.csrcs.size());
    out.insert(out.end(), fixed.begin(), fixed.end());
    lal::byte_writer w(out);
    for (auto c : h.csrcs) w.u32(c);
    if (h.extension) {
        w.u16(h.extension->profile);
        w.u16(static_cast<std::uint16_t>(h.extension->data.size() / 4));
        w.bytes(h.extension->data.bytes());
    }
    return {};
}

std::array<std::byte, fixed_header_size> fixed_header(bool marker, std::uint8_t payload_type,
                                                      std::uint16_t sequence, std::uint32_t timestamp,
                                                      std::uint32_t ssrc) noexcept {
    std::array<std::byte, fixed_header_size> h{};
    h[0] = std::byte{0x80};  // V=2
    h[1] = static_cast<std::byte>((marker ? 0x80 : 0) | (payload_type & 0x7f));
    store_be(h.data() + 2, sequence, 2);
    store_be(h.data() + 4, timestamp, 4);
    store_be(h.data() + 8, ssrc, 4);
    return h;
}

lal::result<std::vector<std::byte>> build_packet(const header& h, byte_span payload, std::uint8_t padding) {
    std::vector<std::byte> out;
    if (auto ec = append_header(h, padding, out)) return ec;
    out.insert(out.end(), payload.begin(), payload.end());
    if (padding) {
        out.insert(out.end(), padding - 1u, std::byte{0});
        out.push_back(static_cast<std::byte>(padding));
    }
    return out;
}

}  // namespace lal::rtp
