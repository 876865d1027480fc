// SPDX-License-Identifier: MIT
#include <lal/stun/message.hpp>

#include <algorithm>
#include <stdexcept>

#include <lal/base/byte_reader.hpp>

#include "hmac.hpp"

namespace lal::stun {

message_builder::message_builder(std::uint16_t method, message_class cls, const transaction_id& id)
    : out_(header_size) {
    const auto c = static_cast<std::uint16_t>(cls);
    // RFC 8489 5: interleave the class bits C1 C0 into the method bits.
    const auto type = static_cast<std::uint16_t>((method & 0x000f) | ((method & 0x0070) << 1) |
                                                 ((method & 0x0f80) << 2) | ((c & 0x1) << 4) | ((c & 0x2) << 7));
    store_be(out_.data(), type, 2);
    store_be(out_.data() + 4, magic_cookie, 4);
    std::copy(id.begin(), id.end(), out_.begin() + 8);
}

void message_builder::set_length(std::size_t body) { store_be(out_.data() + 2, body, 2); }

message_builder& message_builder::add(std::uint16_t type, byte_span value) {
    if (value.size() > 0xffff || out_.size() + 4 + value.size() > header_size + 0xfff0)
        throw std::length_error("STUN attribute too long");
    lal::byte_writer w(out_);
    w.u16(type);
    w.u16(static_cast<std::uint16_t>(value.size()));
    w.bytes(value);
    out_.resize(out_.size() + (4 - value.size() % 4) % 4, std::byte{0});
    set_length(out_.size() - header_size);
    return *this;
}

message_builder& message_builder::add_username(std::string_view name) {
    if (name.size() >= 513) throw std::length_error("STUN USERNAME of 513 bytes or more");
    return add(attr::username, as_byte_span(name));
}

message_builder& message_builder::add_xor_mapped_address(const transport_address& a) {
    std::vector<std::byte> v;
    lal::byte_writer w(v);
    w.u8(0);
    w.u8(a.v6 ? 0x02 : 0x01);
    w.u16(static_cast<std::uint16_t>(a.port ^ (magic_cookie >> 16)));
    std::array<std::uint8_t, 16> mask{};
    store_be(reinterpret_cast<std::byte*>(mask.data()), magic_cookie, 4);
    for (std::size_t i = 0; i < 12; ++i) mask[4 + i] = std::to_integer<std::uint8_t>(out_[8 + i]);
    const std::size_t n = a.v6 ? 16 : 4;
    for (std::size_t i = 0; i < n; ++i) w.u8(static_cast<std::uint8_t>(a.bytes[i] ^ mask[i]));
    return add(attr::xor_mapped_address, v);
}

message_builder& message_builder::add_priority(std::uint32_t p) {
    std::array<std::byte, 4> v{};
    store_be(v.data(), p, 4);
    return add(attr::priority, v);
}

message_builder& message_builder::add_use_candidate() { return add(attr::use_candidate, {}); }

message_builder& message_builder::add_tie_breaker(std::uint16_t type, std::uint64_t value) {
    std::array<std::byte, 8> v{};
    store_be(v.data(), value, 8);
    return add(type, v);
}

message_builder& message_builder::add_error_code(int code, std::string_view reason) {
    if (code < 300 || code > 699 || reason.size() > 763) throw std::invalid_argument("bad STUN ERROR-CODE");
    std::vector<std::byte> v;
    lal::byte_writer w(v);
    w.u16(0);
    w.u8(static_cast<std::uint8_t>(code / 100));
    w.u8(static_cast<std::uint8_t>(code % 100));
    w.bytes(as_byte_span(reason));
    return add(attr::error_code, v);
}

std::vector<std::byte> message_builder::finish(byte_span integrity_key, bool fingerprint) {
    if (!integrity_key.empty()) {
        // RFC 8489 14.5: the length counts MESSAGE-INTEGRITY while the HMAC is computed.
        set_length(out_.size() - header_size + 24);
        const auto mac = detail::hmac_sha1(integrity_key, out_);
        add(attr::message_integrity, mac);
    }
    if (fingerprint) {
        set_length(out_.size() - header_size + 8);
        std::array<std::byte, 4> v{};
        store_be(v.data(), crc32(out_) ^ fingerprint_xor, 4);
        add(attr::fingerprint, v);
    }
    return std::move(out_);
}

}  // namespace lal::stun
