// SPDX-License-Identifier: MIT
#include "wire_encoder.hpp"

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/message.hpp>

namespace lal::server {

lal::payload wire_encoder::encode(const frame& f, output_form form) const {
    const auto type = message_type_of(f.kind());
    if (form == output_form::rtmp_chunks) {
        // Absolute timestamps in a type 0 header, so the same bytes suit every
        // player whenever it joined (RTMP spec 5.3.1.2.1).
        rtmp::message m{type, f.timestamp(), 1, 0, f.body()};
        return rtmp::encode_chunks(m, rtmp::default_chunk_stream(type), chunk_size_);
    }
    flv::tag t{static_cast<flv::tag_type>(type), f.timestamp(), 0, f.body()};
    return flv::encode_tag(t);
}

const lal::payload& flv_stream_header() {
    static const lal::payload header = [] {
        std::vector<std::byte> out;
        flv::file_header h;
        h.has_audio = true;
        h.has_video = true;
        flv::append_file_header(h, out);  // includes PreviousTagSize0 (E.3)
        return lal::payload::adopt(std::move(out));
    }();
    return header;
}

}  // namespace lal::server
