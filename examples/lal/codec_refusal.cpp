// SPDX-License-Identifier: MIT
#include "codec_refusal.hpp"

#include <lal/hub/registry.hpp>
#include <lal/hub/stream.hpp>
#include <lal/media/codec.hpp>

#include "server_context.hpp"
#include "ts_encoder.hpp"

namespace lal::server {

namespace {

bool carries(fixed_form form, media::codec_id codec) {
    if (form == fixed_form::mpegts) return ts_carries(codec);
    return codec == media::codec_id::h264 || codec == media::codec_id::h265;
}

/// The forms that carry any video codec lal ingests, enabled in this config:
/// FLV (Enhanced RTMP FourCC) and fragmented MP4 (ISO/IEC 14496-12 sample entries).
std::string other_forms(const config& cfg, const stream_key& key) {
    std::string out;
    const auto add = [&out](std::string form) { out += (out.empty() ? "" : ", ") + std::move(form); };
    if (cfg.httpfmp4.enable) add("HTTP-fMP4 " + cfg.httpfmp4.url_pattern + key.app + "/" + key.name + ".mp4");
    if (cfg.hls.enable && cfg.hls.fragment_format == "fmp4") add("HLS " + cfg.hls.url_pattern + key.name + ".m3u8");
    add("HTTP-FLV /" + key.app + "/" + key.name + ".flv");
    add("RTMP /" + key.app + "/" + key.name);
    return out;
}

}  // namespace

std::string codec_refusal(const server_context& ctx, const stream_key& key, fixed_form form) {
    auto s = ctx.streams.find(key);
    if (!s || !s->live()) return {};
    auto video = s->config(media::media_kind::video);
    if (!video || video->codec == media::codec_id::unknown || carries(form, video->codec)) return {};
    return std::string("video codec ") + std::string(media::name(video->codec)) + " cannot be carried in " +
           (form == fixed_form::mpegts ? "MPEG-TS" : "RTP (RTSP)") + "; play it as " + other_forms(ctx.cfg, key);
}

}  // namespace lal::server
