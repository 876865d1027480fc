// SPDX-License-Identifier: MIT
#include <lal/stun/message.hpp>

#include <algorithm>

#include <lal/base/byte_reader.hpp>

namespace lal::stun {

const attribute* message::find(std::uint16_t type) const noexcept {
    auto it = std::find_if(attributes.begin(), attributes.end(), [type](const attribute& a) { return a.type == type; });
    return it == attributes.end() ? nullptr : &*it;
}

bool looks_like_stun(byte_span datagram) noexcept {
    // RFC 7983 7: 0..3 is STUN, 20..63 DTLS, 128..191 RTP/RTCP.
    if (datagram.size() < header_size) return false;
    if (std::to_integer<std::uint8_t>(datagram[0]) > 3) return false;
    return load_be(datagram.data() + 4, 4) == magic_cookie;
}

lal::result<message> parse(byte_span datagram, const parse_limits& limits) {
    if (datagram.size() < header_size) return errc::truncated;
    if (datagram.size() > limits.max_size) return errc::bad_length;
    lal::byte_reader r(datagram);
    const auto type = *r.u16();
    const auto length = *r.u16();
    const auto cookie = *r.u32();
    // RFC 8489 5: the two most significant bits are zero, then the cookie.
    if ((type & 0xc000) != 0 || cookie != magic_cookie) return errc::not_stun;
    // RFC 8489 5: the length excludes the header and is a multiple of 4, as
    // every attribute is padded to 4 bytes.
    if (length % 4 != 0) return errc::bad_length;
    if (datagram.size() < header_size + length) return errc::truncated;
    if (datagram.size() != header_size + length) return errc::bad_length;

    message m;
    m.raw = datagram;
    // RFC 8489 5: method bits M11..M0 are split by the class bits C1 (bit 8) and C0 (bit 4).
    m.method = static_cast<std::uint16_t>((type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2));
    m.cls = static_cast<message_class>(((type >> 7) & 0x2) | ((type >> 4) & 0x1));
    auto id = r.bytes(12);
    std::copy(id->begin(), id->end(), m.id.begin());

    bool after_integrity = false;
    while (!r.empty()) {
        const auto offset = r.position();
        auto t = r.u16();
        auto len = r.u16();
        if (!len) return errc::bad_attribute;
        auto value = r.bytes(*len);
        // RFC 8489 14: values are padded to a multiple of 4 bytes.
        const std::size_t pad = (4 - *len % 4) % 4;
        if (!value || !r.skip(pad)) return errc::bad_attribute;
        if (!m.attributes.empty() && m.attributes.back().type == attr::fingerprint)
            return errc::fingerprint_not_last;
        const bool keep = !after_integrity || *t == attr::message_integrity_sha256 || *t == attr::fingerprint;
        if (!keep) continue;
        if (m.attributes.size() == limits.max_attributes) return errc::too_many_attributes;
        m.attributes.push_back({*t, *value, offset});
        if (*t == attr::message_integrity) after_integrity = true;
    }
    return m;
}

namespace {

lal::result<byte_span> value_of(const message& m, std::uint16_t type) {
    auto a = m.find(type);
    if (!a) return errc::missing_attribute;
    return a->value;
}

}  // namespace

lal::result<std::string_view> username(const message& m) {
    auto v = value_of(m, attr::username);
    if (!v) return v.error();
    if (v->size() >= 513) return errc::bad_attribute;
    return as_string_view(*v);
}

lal::result<transport_address> xor_mapped_address(const message& m) {
    auto v = value_of(m, attr::xor_mapped_address);
    if (!v) return v.error();
    lal::byte_reader r(*v);
    r.skip(1);
    auto family = r.u8();
    auto port = r.u16();
    if (!port) return errc::bad_attribute;
    transport_address a;
    // RFC 8489 14.2: the port is XORed with the cookie's top 16 bits; the
    // address with the cookie (IPv4) or the cookie then the transaction id (IPv6).
    a.port = static_cast<std::uint16_t>(*port ^ (magic_cookie >> 16));
    std::array<std::uint8_t, 16> mask{};
    store_be(reinterpret_cast<std::byte*>(mask.data()), magic_cookie, 4);
    for (std::size_t i = 0; i < 12; ++i) mask[4 + i] = std::to_integer<std::uint8_t>(m.id[i]);
    std::size_t n = 0;
    if (*family == 0x01) {
        n = 4;
    } else if (*family == 0x02) {
        n = 16;
        a.v6 = true;
    } else {
        return errc::bad_attribute;
    }
    auto ip = r.bytes(n);
    if (!ip || !r.empty()) return errc::bad_attribute;
    for (std::size_t i = 0; i < n; ++i) a.bytes[i] = std::to_integer<std::uint8_t>((*ip)[i]) ^ mask[i];
    return a;
}

lal::result<std::uint32_t> priority(const message& m) {
    auto v = value_of(m, attr::priority);
    if (!v) return v.error();
    if (v->size() != 4) return errc::bad_attribute;
    return static_cast<std::uint32_t>(load_be(v->data(), 4));
}

std::optional<std::uint64_t> tie_breaker(const message& m, std::uint16_t type) {
    auto a = m.find(type);
    if (!a || a->value.size() != 8) return std::nullopt;
    return load_be(a->value.data(), 8);
}

bool use_candidate(const message& m) noexcept { return m.find(attr::use_candidate) != nullptr; }

lal::result<error_value> error_code(const message& m) {
    auto v = value_of(m, attr::error_code);
    if (!v) return v.error();
    if (v->size() < 4 || v->size() > 4 + 763) return errc::bad_attribute;
    // RFC 8489 14.8: class (hundreds) in 3 bits, number (0..99) in 8 bits.
    const auto cls = std::to_integer<int>((*v)[2]) & 0x7;
    const auto number = std::to_integer<int>((*v)[3]);
    if (cls < 3 || cls > 6 || number > 99) return errc::bad_attribute;
    return error_value{cls * 100 + number, std::string(as_string_view(v->subspan(4)))};
}

}  // namespace lal::stun
