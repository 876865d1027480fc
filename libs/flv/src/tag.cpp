// SPDX-License-Identifier: MIT
#include <lal/flv/tag.hpp>

#include <cassert>

#include <lal/base/byte_reader.hpp>

namespace lal::flv {

lal::result<tag_header> parse_tag_header(lal::byte_span in) {
    if (in.size() < tag_header_size) return errc::truncated;
    lal::byte_reader r(in.first(tag_header_size));
    // E.4.1: Reserved(2) Filter(1) TagType(5), DataSize UI24, Timestamp UI24,
    // TimestampExtended UI8 (the upper 8 bits), StreamID UI24.
    auto first = *r.u8();
    if (first & 0x20) return errc::encrypted_tag;
    auto type = static_cast<std::uint8_t>(first & 0x1f);
    if (type != 8 && type != 9 && type != 18) return errc::unknown_tag_type;
    tag_header h;
    h.type = static_cast<tag_type>(type);
    h.data_size = *r.u24();
    auto low = *r.u24();
    auto high = *r.u8();
    h.timestamp = (static_cast<std::uint32_t>(high) << 24) | low;
    h.stream_id = *r.u24();
    return h;
}

void append_tag_header(const tag_header& h, std::vector<std::byte>& out) {
    assert(h.data_size <= max_tag_data_size);
    lal::byte_writer w(out);
    w.u8(static_cast<std::uint8_t>(h.type));
    w.u24(h.data_size);
    w.u24(h.timestamp & 0xffffff);
    w.u8(static_cast<std::uint8_t>(h.timestamp >> 24));
    w.u24(h.stream_id & 0xffffff);
}

void append_tag(const tag& t, std::vector<std::byte>& out) {
    out.reserve(out.size() + wire_size(t));
    append_tag_header(t.header(), out);
    lal::byte_writer w(out);
    w.bytes(t.data.bytes());
    // E.3: PreviousTagSize counts the tag header and data.
    w.u32(static_cast<std::uint32_t>(tag_header_size + t.data.size()));
}

lal::payload encode_tag(const tag& t) {
    std::vector<std::byte> out;
    append_tag(t, out);
    return lal::payload::adopt(std::move(out));
}

lal::media::wire_form encode_tag_pieces(const tag& t, std::size_t copy_below) {
    lal::media::wire_form out;
    if (t.data.size() < copy_below) {
        out.add(encode_tag(t));
        return out;
    }
    std::vector<std::byte> small;
    small.reserve(tag_header_size + 4);
    append_tag_header(t.header(), small);
    lal::byte_writer w(small);
    // E.3: PreviousTagSize counts the tag header and data.
    w.u32(static_cast<std::uint32_t>(tag_header_size + t.data.size()));
    const auto shared = lal::payload::adopt(std::move(small));
    out.reserve(3);
    out.add(shared.slice(0, tag_header_size));
    out.add(t.data);
    out.add(shared.slice(tag_header_size, 4));
    return out;
}

}  // namespace lal::flv
