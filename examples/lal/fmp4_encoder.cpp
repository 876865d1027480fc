// SPDX-License-Identifier: MIT
#include "fmp4_encoder.hpp"

#include "log.hpp"

namespace lal::server {

namespace media = lal::media;

bool fmp4_carries(media::codec_id codec) noexcept {
    switch (codec) {
        case media::codec_id::h264:
        case media::codec_id::h265:
        case media::codec_id::av1:
        case media::codec_id::aac:
        case media::codec_id::opus: return true;
        default: return false;
    }
}

const lal::payload* fmp4_encoder::init_piece(const media::wire_form& w) noexcept {
    return w.pieces().size() >= 2 ? &w.pieces().front() : nullptr;
}

void fmp4_encoder::note_refused(media::media_kind kind, media::codec_id codec, std::error_code ec) {
    auto& refused = kind == media::media_kind::video ? refused_video_ : refused_audio_;
    if (refused || codec == media::codec_id::unknown) return;
    refused = true;
    LAL_LOG_WARN("[fmp4] {}: {} codec {} cannot be carried in fMP4 ({}): HTTP-fMP4 and fMP4 HLS players get the "
                 "stream without this track",
                 stream_, kind == media::media_kind::video ? "video" : "audio", media::name(codec), ec.message());
}

media::wire_form fmp4_encoder::encode(const media::media_item& item) {
    media::wire_form out;
    using type = media::media_item::type;
    if (!media::is_av(item.frame.kind)) return out;
    if (item.what == type::config) {
        if (!item.config) return out;
        if (!fmp4_carries(item.config->codec)) {
            note_refused(item.config->kind, item.config->codec, make_error_code(fmp4::errc::unsupported_codec));
        } else if (auto r = muxer_.set_config(item.config); !r) {
            note_refused(item.config->kind, item.config->codec, r.error());
        }
        return out;
    }
    if (item.what != type::frame) return out;
    const auto& f = item.frame;
    if (!fmp4_carries(f.codec)) {
        note_refused(f.kind, f.codec, make_error_code(fmp4::errc::unsupported_codec));
        return out;
    }
    auto fragment = muxer_.fragment(f);
    if (!fragment) {
        note_refused(f.kind, f.codec, fragment.error());
        return out;
    }
    const auto& init = muxer_.init_segment();
    if (init.empty()) return out;
    out.reserve(1 + fragment->pieces().size());
    out.add(init);
    for (const auto& p : fragment->pieces()) out.add(p);
    return out;
}

}  // namespace lal::server
