// SPDX-License-Identifier: MIT
#include <lal/av1/obu.hpp>

namespace lal::av1 {

lal::result<std::pair<std::uint32_t, std::size_t>> read_leb128(byte_span in) {
    // 4.10.5: up to 8 bytes, 7 bits each, least significant group first; the
    // value shall fit 32 bits.
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i >= in.size()) return errc::truncated;
        const auto b = std::to_integer<std::uint64_t>(in[i]);
        v |= (b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            if (v > 0xffffffffu) return errc::bad_leb128;
            return std::pair{static_cast<std::uint32_t>(v), i + 1};
        }
    }
    return errc::bad_leb128;
}

void append_leb128(std::uint32_t v, std::vector<std::byte>& out) {
    do {
        auto b = static_cast<std::uint8_t>(v & 0x7f);
        v >>= 7;
        if (v) b |= 0x80;
        out.push_back(static_cast<std::byte>(b));
    } while (v);
}

lal::result<std::vector<obu>> split_obus(byte_span in) {
    std::vector<obu> out;
    std::size_t at = 0;
    while (at < in.size()) {
        // 5.3.2: forbidden(1) type(4) extension_flag(1) has_size_field(1) reserved(1).
        const auto h = std::to_integer<unsigned>(in[at]);
        if (h & 0x80) return errc::forbidden_bit_set;
        obu o;
        o.type = static_cast<std::uint8_t>((h >> 3) & 0x0f);
        o.has_extension = (h & 0x04) != 0;
        const bool has_size = (h & 0x02) != 0;
        std::size_t pos = at + 1;
        if (o.has_extension) {
            // 5.3.3: temporal_id(3) spatial_id(2) reserved(3).
            if (pos >= in.size()) return errc::truncated;
            const auto e = std::to_integer<unsigned>(in[pos++]);
            o.temporal_id = static_cast<std::uint8_t>(e >> 5);
            o.spatial_id = static_cast<std::uint8_t>((e >> 3) & 3);
        }
        std::size_t size = in.size() - pos;
        if (has_size) {
            auto leb = read_leb128(in.subspan(pos));
            if (!leb) return leb.error();
            pos += leb->second;
            if (leb->first > in.size() - pos) return errc::truncated;
            size = leb->first;
        }
        o.payload = in.subspan(pos, size);
        o.whole = in.subspan(at, pos + size - at);
        at = pos + size;
        out.push_back(o);
    }
    return out;
}

}  // namespace lal::av1
