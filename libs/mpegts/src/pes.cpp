// SPDX-License-Identifier: MIT
#include <lal/mpegts/pes.hpp>

namespace lal::mpegts {
namespace {

// 2.4.3.7: a timestamp as 4 prefix bits, 33 value bits and 3 marker bits in 5 bytes.
void write_timestamp(std::byte* p, unsigned prefix, std::uint64_t ts) noexcept {
    p[0] = static_cast<std::byte>((prefix << 4) | ((ts >> 29) & 0x0e) | 1);
    p[1] = static_cast<std::byte>(ts >> 22);
    p[2] = static_cast<std::byte>(((ts >> 14) & 0xfe) | 1);
    p[3] = static_cast<std::byte>(ts >> 7);
    p[4] = static_cast<std::byte>(((ts << 1) & 0xfe) | 1);
}

std::optional<std::uint64_t> read_timestamp(const std::byte* p) noexcept {
    auto b = [p](int i) { return std::to_integer<std::uint64_t>(p[i]); };
    if ((b(0) & 1) == 0 || (b(2) & 1) == 0 || (b(4) & 1) == 0) return std::nullopt;
    return ((b(0) >> 1) & 7) << 30 | b(1) << 22 | (b(2) >> 1) << 15 | b(3) << 7 | b(4) >> 1;
}

// 2.4.3.7: the stream_ids whose PES packets carry no optional header.
bool has_optional_header(std::uint8_t id) noexcept {
    return id != 0xbc && id != 0xbe && id != 0xbf && id != 0xf0 && id != 0xf1 && id != 0xff &&
           id != 0xf2 && id != 0xf8;
}

}  // namespace

std::size_t write_pes_header(const pes_header& h, std::byte* out) noexcept {
    const bool with_dts = h.pts && h.dts && *h.dts != *h.pts;
    const std::size_t data_length = h.pts ? (with_dts ? 10 : 5) : 0;
    out[0] = std::byte{0};
    out[1] = std::byte{0};
    out[2] = std::byte{1};
    out[3] = static_cast<std::byte>(h.stream_id);
    out[4] = static_cast<std::byte>(h.packet_length >> 8);
    out[5] = static_cast<std::byte>(h.packet_length & 0xff);
    out[6] = static_cast<std::byte>(h.data_alignment ? 0x84 : 0x80);  // '10', data_alignment_indicator
    out[7] = static_cast<std::byte>(h.pts ? (with_dts ? 0xc0 : 0x80) : 0);
    out[8] = static_cast<std::byte>(data_length);
    if (h.pts) write_timestamp(out + 9, with_dts ? 3 : 2, *h.pts);
    if (with_dts) write_timestamp(out + 14, 1, *h.dts);
    return 9 + data_length;
}

lal::result<pes_header> parse_pes_header(byte_span in) {
    if (in.size() < 6 || in[0] != std::byte{0} || in[1] != std::byte{0} || in[2] != std::byte{1}) {
        return errc::bad_pes_header;
    }
    pes_header h;
    h.stream_id = std::to_integer<std::uint8_t>(in[3]);
    h.packet_length = static_cast<std::uint16_t>(load_be(in.data() + 4, 2));
    if (!has_optional_header(h.stream_id) || in.size() < 9) return errc::bad_pes_header;
    const auto flags0 = std::to_integer<unsigned>(in[6]);
    const auto flags = std::to_integer<unsigned>(in[7]);
    if ((flags0 & 0xc0) != 0x80) return errc::bad_pes_header;
    h.data_alignment = (flags0 & 0x04) != 0;
    h.header_size = 9 + std::to_integer<std::size_t>(in[8]);
    if (h.header_size > in.size()) return errc::bad_pes_header;
    if (h.packet_length != 0 && h.header_size > std::size_t{h.packet_length} + 6) return errc::bad_pes_header;
    const auto pts_dts = flags >> 6;
    if (pts_dts == 1) return errc::bad_pes_header;  // '01' is forbidden
    if (pts_dts >= 2) {
        if (h.header_size < 14) return errc::bad_pes_header;
        h.pts = read_timestamp(in.data() + 9);
        if (!h.pts) return errc::bad_pes_header;
    }
    if (pts_dts == 3) {
        if (h.header_size < 19) return errc::bad_pes_header;
        h.dts = read_timestamp(in.data() + 14);
        if (!h.dts) return errc::bad_pes_header;
    }
    return h;
}

}  // namespace lal::mpegts
