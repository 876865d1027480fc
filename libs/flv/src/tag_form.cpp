// SPDX-License-Identifier: MIT
#include <lal/flv/tag_form.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/flv/tag.hpp>

namespace lal::flv {

media::wire_form tag_form::encode(const media::media_item& item) const {
    auto body = to_flv_body(item);
    if (!body || body->size() > max_tag_data_size) return {};
    tag t;
    t.type = static_cast<tag_type>(message_type_of(item.frame.kind));
    // FLV timestamps are 32-bit ms (E.4.1 Timestamp + TimestampExtended).
    t.timestamp = static_cast<std::uint32_t>(media::to_ms(item.frame.dts));
    if (body->pieces().size() == 1) {
        t.data = body->pieces().front();
        return encode_tag_pieces(t);
    }
    if (body->size() < media::default_copy_below) {
        t.data = lal::payload::adopt(body->flatten());
        return encode_tag_pieces(t);
    }
    // Header, the body's pieces as they are, then PreviousTagSize (E.3).
    std::vector<std::byte> small;
    small.reserve(tag_header_size + 4);
    auto h = t.header();
    h.data_size = static_cast<std::uint32_t>(body->size());
    append_tag_header(h, small);
    lal::byte_writer w(small);
    w.u32(static_cast<std::uint32_t>(tag_header_size + body->size()));
    const auto shared = lal::payload::adopt(std::move(small));
    media::wire_form out;
    out.reserve(body->pieces().size() + 2);
    out.add(shared.slice(0, tag_header_size));
    for (const auto& p : body->pieces()) out.add(p);
    out.add(shared.slice(tag_header_size, 4));
    return out;
}

}  // namespace lal::flv
