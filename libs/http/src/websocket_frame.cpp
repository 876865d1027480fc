// SPDX-License-Identifier: MIT
#include <lal/http/websocket_frame.hpp>

#include <cstring>

namespace lal::http::ws {

void apply_mask(std::span<std::byte> data, const masking_key& key, std::uint64_t offset) noexcept {
    // RFC 6455 5.3: octet i of the payload is XORed with key[i mod 4].
    for (std::size_t i = 0; i < data.size(); ++i) data[i] ^= key[(offset + i) & 3];
}

namespace {

/// Writes the header into `out` (at most 14 bytes) and returns its size.
std::size_t write_header(std::byte* out, opcode op, bool fin, std::uint64_t length,
                         const std::optional<masking_key>& key) noexcept {
    std::size_t n = 0;
    out[n++] = static_cast<std::byte>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(op));
    const std::byte mask_bit{key ? std::uint8_t{0x80} : std::uint8_t{0}};
    // RFC 6455 5.2: 7-bit length, or 126 + 16 bits, or 127 + 64 bits, shortest first.
    if (length <= 125) {
        out[n++] = mask_bit | static_cast<std::byte>(length);
    } else if (length <= 0xffff) {
        out[n++] = mask_bit | std::byte{126};
        out[n++] = static_cast<std::byte>(length >> 8);
        out[n++] = static_cast<std::byte>(length);
    } else {
        out[n++] = mask_bit | std::byte{127};
        for (int i = 7; i >= 0; --i) out[n++] = static_cast<std::byte>(length >> (8 * i));
    }
    if (key) {
        std::memcpy(out + n, key->data(), 4);
        n += 4;
    }
    return n;
}

}  // namespace

lal::payload encode_header(opcode op, bool fin, std::uint64_t length, const std::optional<masking_key>& key) {
    std::byte buf[14];
    auto n = write_header(buf, op, fin, length, key);
    return lal::payload::copy_from(std::span<const std::byte>(buf, n));
}

lal::payload binary_message_header(std::uint64_t length) { return encode_header(opcode::binary, true, length); }

void append_frame(opcode op, std::span<const lal::payload> data, std::vector<lal::payload>& out, bool fin) {
    std::uint64_t total = 0;
    for (const auto& p : data) total += p.size();
    out.push_back(encode_header(op, fin, total));
    for (const auto& p : data) {
        if (!p.empty()) out.push_back(p);
    }
}

lal::payload encode_frame(opcode op, byte_span data, const std::optional<masking_key>& key, bool fin) {
    std::vector<std::byte> out(14 + data.size());
    auto n = write_header(out.data(), op, fin, data.size(), key);
    if (!data.empty()) std::memcpy(out.data() + n, data.data(), data.size());
    if (key) apply_mask(std::span<std::byte>(out.data() + n, data.size()), *key);
    out.resize(n + data.size());
    return lal::payload::adopt(std::move(out));
}

lal::payload encode_close(close_code code, std::string_view reason, const std::optional<masking_key>& key) {
    std::vector<std::byte> body;
    if (code != close_code::no_status) {
        // RFC 6455 5.5.1: a 2-byte code, big-endian, then the reason.
        auto c = static_cast<std::uint16_t>(code);
        body.push_back(static_cast<std::byte>(c >> 8));
        body.push_back(static_cast<std::byte>(c));
        auto room = max_control_payload - 2;
        if (reason.size() > room) {
            // Never cut inside a UTF-8 sequence: back up while the first byte left
            // out is a continuation byte.
            std::size_t end = room;
            while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xc0) == 0x80) --end;
            reason = reason.substr(0, end);
        }
        for (char ch : reason) body.push_back(static_cast<std::byte>(ch));
    }
    return encode_frame(opcode::close, body, key);
}

}  // namespace lal::http::ws
