// SPDX-License-Identifier: MIT
#include "wire_encoder.hpp"

#include <memory>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag_form.hpp>
#include <lal/rtmp/chunks_form.hpp>

#include "fmp4_encoder.hpp"
#include "rtp_form.hpp"
#include "ts_encoder.hpp"

namespace lal::server {

server_forms::server_forms(std::uint32_t rtmp_chunk_size) {
    rtmp_chunks = forms.add("rtmp_chunks", std::make_unique<rtmp::chunks_form>(rtmp_chunk_size));
    flv_tag = forms.add("flv_tag", std::make_unique<flv::tag_form>());
    rtp = forms.add("rtp", std::make_unique<rtp_form>());
}

server_forms::server_forms(std::uint32_t rtmp_chunk_size, bool with_ts) : server_forms(rtmp_chunk_size) {
    if (!with_ts) return;
    ts = forms.add_ordered("mpegts", [](const stream_key& key) { return std::make_unique<ts_encoder>(key.str()); });
    has_ts = true;
}

server_forms::server_forms(std::uint32_t rtmp_chunk_size, bool with_ts, bool with_fmp4)
    : server_forms(rtmp_chunk_size, with_ts) {
    if (!with_fmp4) return;
    fmp4 = forms.add_ordered("fmp4", [](const stream_key& key) { return std::make_unique<fmp4_encoder>(key.str()); });
    has_fmp4 = true;
}

server_forms::server_forms(std::uint32_t rtmp_chunk_size, bool with_ts, bool with_fmp4, std::size_t rtc_max_payload)
    : server_forms(rtmp_chunk_size, with_ts, with_fmp4) {
    if (rtc_max_payload == 0) return;
    rtc_rtp = forms.add("rtc_rtp", std::make_unique<rtp_form>(rtc_max_payload));
    has_rtc_rtp = true;
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
