// SPDX-License-Identifier: MIT
#include "ts_encoder.hpp"

#include <lal/mpegts/packet.hpp>

#include "log.hpp"

namespace lal::server {

namespace media = lal::media;

bool ts_carries(media::codec_id codec) noexcept {
    switch (codec) {
        case media::codec_id::h264:
        case media::codec_id::h265:
        case media::codec_id::aac:
        case media::codec_id::opus:
        case media::codec_id::mp3: return true;
        default: return false;
    }
}

bool ts_encoder::starts_with_psi(const media::wire_form& w) noexcept {
    return w.pieces().size() >= 2 && w.pieces().front().size() == 2 * mpegts::packet_size;
}

void ts_encoder::note_refused(media::media_kind kind, media::codec_id codec) {
    auto& refused = kind == media::media_kind::video ? refused_video_ : refused_audio_;
    if (refused || codec == media::codec_id::unknown) return;
    refused = true;
    LAL_LOG_WARN("[mpegts] {}: {} codec {} cannot be carried in MPEG-TS: HTTP-TS and HLS players get the "
                 "stream without this track",
                 stream_, kind == media::media_kind::video ? "video" : "audio", media::name(codec));
}

bool ts_encoder::update_track(media::media_kind kind, media::codec_id codec, const media::track_config_ptr& config) {
    if (!ts_carries(codec)) {
        note_refused(kind, codec);
        return false;
    }
    auto& slot = kind == media::media_kind::video ? video_ : audio_;
    const bool changed = !slot || slot->codec != codec;
    if (!slot) slot = track{};  // assigned, not emplace(): clang 14 rejects emplace of a nested class with member initializers
    slot->codec = codec;
    // A new record of the same codec is the muxer's to follow (it reads each
    // frame's config); the record kept here is for the next rebuild.
    if (config) slot->config = config;
    return changed;
}

void ts_encoder::rebuild() {
    mpegts::muxer_options o;
    if (video_) o.video = mpegts::muxer_track{video_->codec, video_->config};
    if (audio_) o.audio = mpegts::muxer_track{audio_->codec, audio_->config};
    o.version = version_;
    version_ = static_cast<std::uint8_t>((version_ + 1) & 0x1f);  // 5 bits (2.4.4.5)
    auto m = mpegts::muxer::create(std::move(o));
    if (m) {
        muxer_.emplace(std::move(*m));
    } else {
        muxer_.reset();  // a record that does not parse: nothing until the next config
    }
}

media::wire_form ts_encoder::encode(const media::media_item& item) {
    media::wire_form out;
    using type = media::media_item::type;
    if (!media::is_av(item.frame.kind)) return out;
    if (item.what == type::config) {
        if (item.config && update_track(item.config->kind, item.config->codec, item.config)) dirty_ = true;
        return out;
    }
    if (item.what != type::frame) return out;
    const auto& f = item.frame;
    // A track first seen in a frame (MP3 has no configuration record).
    if (update_track(f.kind, f.codec, f.config)) dirty_ = true;
    if (!ts_carries(f.codec)) return out;
    bool psi = false;
    if (dirty_ || !muxer_) {
        rebuild();
        dirty_ = false;
        psi = true;
    }
    if (!muxer_) return out;
    auto packets = muxer_->mux(f);
    if (!packets) return out;  // a frame the muxer refuses is left out of the form
    if (video_) {
        psi = psi || (f.kind == media::media_kind::video && f.keyframe);
    } else {
        psi = psi || !last_psi_dts_ || f.dts - *last_psi_dts_ >= psi_interval || f.dts < *last_psi_dts_;
    }
    if (psi) {
        out.add(muxer_->psi());
        last_psi_dts_ = f.dts;
    }
    out.add(std::move(*packets));
    return out;
}

}  // namespace lal::server
