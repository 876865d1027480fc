// SPDX-License-Identifier: MIT
#include "opus.hpp"

#include <algorithm>
#include <array>

#include <lal/opus/opus_head.hpp>

namespace lal::mpegts::detail {
namespace {

constexpr std::byte registration_tag{0x05};  // ISO/IEC 13818-1 2.6.8
constexpr std::byte extension_tag{0x7f};     // ETSI EN 300 468 6.2.16
constexpr std::byte opus_extension_tag{0x80};
constexpr std::array<std::byte, 4> opus_id{std::byte{'O'}, std::byte{'p'}, std::byte{'u'}, std::byte{'s'}};

// Walks a descriptor loop; `visit(tag, body)` for each whole descriptor.
template <class Visit>
void for_each_descriptor(byte_span in, Visit&& visit) {
    while (in.size() >= 2) {
        const auto length = std::to_integer<std::size_t>(in[1]);
        if (length > in.size() - 2) return;
        visit(in[0], in.subspan(2, length));
        in = in.subspan(2 + length);
    }
}

}  // namespace

std::size_t write_opus_control_header(std::size_t size, std::byte* out) noexcept {
    out[0] = std::byte{0x7f};  // control_header_prefix 0x3ff (11 bits), then 5 flag bits
    out[1] = std::byte{0xe0};
    std::size_t n = 2;
    for (;;) {
        const auto part = size >= 255 ? 255 : size;
        out[n++] = static_cast<std::byte>(part);
        if (part < 255) break;
        size -= 255;
    }
    return n;
}

std::optional<opus_packet_ref> read_opus_control_header(byte_span in) noexcept {
    if (in.size() < 3 || in[0] != std::byte{0x7f} || (std::to_integer<unsigned>(in[1]) & 0xe0) != 0xe0) {
        return std::nullopt;
    }
    const auto flags = std::to_integer<unsigned>(in[1]);
    std::size_t at = 2, size = 0;
    for (;;) {
        if (at >= in.size()) return std::nullopt;
        const auto part = std::to_integer<std::size_t>(in[at++]);
        size += part;
        if (part < 255) break;
    }
    if (flags & 0x10) at += 2;  // trim_start_flag: a 16-bit trim_start
    if (flags & 0x08) at += 2;  // trim_end_flag
    if (flags & 0x04) {         // control_extension_flag: a length byte and that many bytes
        if (at >= in.size()) return std::nullopt;
        at += 1 + std::to_integer<std::size_t>(in[at]);
    }
    if (at > in.size() || size > in.size() - at) return std::nullopt;
    return opus_packet_ref{at, size};
}

media::micros opus_packet_duration(byte_span packet) noexcept {
    if (packet.empty()) return 0;
    const auto toc = std::to_integer<unsigned>(packet[0]);
    const auto config = toc >> 3;
    // RFC 6716 3.1 Table 2: frame sizes of the SILK, hybrid and CELT configurations.
    static constexpr std::array<media::micros, 4> silk{10000, 20000, 40000, 60000};
    static constexpr std::array<media::micros, 4> celt{2500, 5000, 10000, 20000};
    const media::micros frame = config < 12 ? silk[config % 4] : config < 16 ? (config % 2 ? 20000 : 10000)
                                                                             : celt[config % 4];
    unsigned frames = 1;
    switch (toc & 3) {
    case 0: frames = 1; break;
    case 1:
    case 2: frames = 2; break;
    default:
        if (packet.size() < 2) return 0;
        frames = std::to_integer<unsigned>(packet[1]) & 0x3f;
    }
    return frame * frames;
}

void append_opus_descriptors(byte_span opus_head, std::vector<std::byte>& out) {
    out.push_back(registration_tag);
    out.push_back(std::byte{4});
    out.insert(out.end(), opus_id.begin(), opus_id.end());
    // channel_config_code: the channel count for the RFC 7845 5.1.1 mapping
    // families 0 and 1 (up to 8 channels), 0xff for anything else.
    std::uint8_t code = 0xff;
    if (auto head = opus::parse_opus_head(opus_head)) {
        if (head->mapping_family == 0 || (head->mapping_family == 1 && head->channels <= 8)) code = head->channels;
    }
    out.push_back(extension_tag);
    out.push_back(std::byte{2});
    out.push_back(opus_extension_tag);
    out.push_back(static_cast<std::byte>(code));
}

bool is_opus(byte_span descriptors) noexcept {
    bool found = false;
    for_each_descriptor(descriptors, [&](std::byte tag, byte_span body) {
        if (tag == registration_tag && body.size() >= 4 && std::equal(opus_id.begin(), opus_id.end(), body.begin())) {
            found = true;
        }
    });
    return found;
}

std::optional<std::vector<std::byte>> opus_head_from(byte_span descriptors) {
    std::optional<unsigned> channels;
    for_each_descriptor(descriptors, [&](std::byte tag, byte_span body) {
        if (tag == extension_tag && body.size() >= 2 && body[0] == opus_extension_tag) {
            const auto code = std::to_integer<unsigned>(body[1]);
            if (code == 1 || code == 2) channels = code;
        }
    });
    if (!channels) return std::nullopt;
    // RFC 7845 5.1: version 1, pre-skip 0, 48 kHz, no gain, mapping family 0.
    std::vector<std::byte> head;
    if (opus::append_opus_head(opus::default_opus_head(static_cast<std::uint8_t>(*channels)), head)) return std::nullopt;
    return head;
}

}  // namespace lal::mpegts::detail
