// SPDX-License-Identifier: MIT
#include "wire_encoder.hpp"

#include <memory>

#include <lal/flv/file_header.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/tag.hpp>
#include <lal/rtmp/chunk_encoder.hpp>

namespace lal::server {

lal::media::wire_form rtmp_chunks_form::encode(const frame& f) const {
    const auto type = flv::message_type_of(f.kind());
    // Absolute timestamps in a type 0 header, so the same bytes suit every
    // player whenever it joined (RTMP spec 5.3.1.2.1).
    rtmp::message m{type, f.timestamp(), 1, 0, f.body()};
    // Header bytes plus slices of the body: the GOP cache holds media bytes once.
    return rtmp::encode_chunk_pieces(m, rtmp::default_chunk_stream(type), chunk_size_);
}

lal::media::wire_form flv_tag_form::encode(const frame& f) const {
    flv::tag t{static_cast<flv::tag_type>(flv::message_type_of(f.kind())), f.timestamp(), 0, f.body()};
    return flv::encode_tag_pieces(t);
}

server_forms::server_forms(std::uint32_t rtmp_chunk_size) {
    rtmp_chunks = forms.add("rtmp_chunks", std::make_unique<rtmp_chunks_form>(rtmp_chunk_size));
    flv_tag = forms.add("flv_tag", std::make_unique<flv_tag_form>());
}

frame_info frame_info_of(media_kind kind, lal::byte_span body) noexcept {
    frame_info info{kind};
    if (!lal::media::is_av(kind)) return info;
    const auto c = flv::classify(kind == media_kind::video ? flv::tag_type::video : flv::tag_type::audio, body);
    info.keyframe = c.keyframe;
    info.sequence_header = c.sequence_header;
    return info;
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
