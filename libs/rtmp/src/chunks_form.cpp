// SPDX-License-Identifier: MIT
#include <lal/rtmp/chunks_form.hpp>

#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/rtmp/chunk_encoder.hpp>

namespace lal::rtmp {

media::wire_form chunks_form::encode(const media::media_item& item) const {
    const auto body = flv::to_flv_pieces(item);
    if (!body) return {};
    message head;
    head.type_id = flv::message_type_of(item.frame.kind);
    // RTMP timestamps are 32-bit ms and wrap (RTMP spec 5.3.1.2.1).
    head.timestamp = static_cast<std::uint32_t>(media::to_ms(item.frame.dts));
    head.message_stream_id = message_stream_id_;
    return encode_chunk_pieces(head, body->pieces(), default_chunk_stream(head.type_id), chunk_size_);
}

}  // namespace lal::rtmp
