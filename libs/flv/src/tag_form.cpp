// SPDX-License-Identifier: MIT
#include <lal/flv/tag_form.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/flv/tag.hpp>

namespace lal::flv {
namespace {
// Leading body pieces shorter than this are copied next to the tag header.
constexpr std::size_t lead_copy_limit = 16;
}  // namespace

media::wire_form tag_form::encode(const media::media_item& item) const {
    const auto body = to_flv_pieces(item);
    if (!body) return {};
    const auto pieces = body->pieces();
    const auto size = body->size();
    if (size > max_tag_data_size) return {};
    tag t;
    t.type = static_cast<tag_type>(message_type_of(item.frame.kind));
    // FLV timestamps are 32-bit ms (E.4.1 Timestamp + TimestampExtended).
    t.timestamp = static_cast<std::uint32_t>(media::to_ms(item.frame.dts));
    if (pieces.size() <= 1 || size < media::default_copy_below) {
        if (pieces.size() == 1) {
            t.data = pieces.front();
        } else {
            std::vector<std::byte> flat;
            flat.reserve(size);
            for (const auto& p : pieces) flat.insert(flat.end(), p.bytes().begin(), p.bytes().end());
            t.data = lal::payload::adopt(std::move(flat));
        }
        return encode_tag_pieces(t);
    }
    // Header, the body's pieces as they are, then PreviousTagSize (E.3). A
    // short leading piece (the kept FLV audio/video header, 1 to 8 bytes) is
    // copied after the tag header, so a tag stays three pieces.
    const bool lead = pieces.front().size() < lead_copy_limit;
    std::vector<std::byte> small;
    small.reserve(tag_header_size + lead_copy_limit + 4);
    auto h = t.header();
    h.data_size = static_cast<std::uint32_t>(size);
    append_tag_header(h, small);
    lal::byte_writer w(small);
    if (lead) w.bytes(pieces.front().bytes());
    const auto head_size = small.size();
    w.u32(static_cast<std::uint32_t>(tag_header_size + size));
    const auto shared = lal::payload::adopt(std::move(small));
    media::wire_form out;
    out.reserve(pieces.size() + (lead ? 1 : 2));
    out.add(shared.slice(0, head_size));
    for (std::size_t i = lead ? 1 : 0; i < pieces.size(); ++i) out.add(pieces[i]);
    out.add(shared.slice(head_size, 4));
    return out;
}

}  // namespace lal::flv
