// SPDX-License-Identifier: MIT
#include "rtsp_sdp.hpp"

#include <string>

#include <lal/sdp/error.hpp>
#include <lal/sdp/track.hpp>

#include "rtp_form.hpp"

namespace lal::server {

namespace media = lal::media;

namespace {
// RFC 3551 6: PCMU and PCMA have static payload types; the rest use dynamic ones (96-127).
std::uint8_t payload_type_of(media::codec_id codec, media::media_kind kind) {
    if (codec == media::codec_id::g711u) return 0;
    if (codec == media::codec_id::g711a) return 8;
    return kind == media::media_kind::video ? 96 : 97;
}
}  // namespace

media::track_config_ptr g711_config(media::codec_id codec) {
    static const auto alaw = std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, media::codec_id::g711a, {}});
    static const auto ulaw = std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, media::codec_id::g711u, {}});
    if (codec == media::codec_id::g711a) return alaw;
    if (codec == media::codec_id::g711u) return ulaw;
    return nullptr;
}

lal::result<rtsp_stream_description> describe_stream(const media::track_config_ptr& video,
                                                     const media::track_config_ptr& audio, std::string_view name) {
    rtsp_stream_description out;
    out.sdp.name = name.empty() ? std::string("-") : std::string(name);
    out.sdp.connection = sdp::connection{};  // c=IN IP4 0.0.0.0: the address is the RTSP connection's
    out.sdp.attributes.push_back({"tool", std::string("lal")});
    // No a=range: a live stream has none (RFC 2326 C.1.5 makes it optional), and
    // ffmpeg reads "npt=now-" as the wall clock.
    out.sdp.attributes.push_back({"control", std::string("*")});
    for (const auto* config : {&video, &audio}) {
        if (!*config) continue;
        const auto& c = **config;
        media::media_frame probe;  // the clock rate reads the codec and its record only
        probe.kind = c.kind;
        probe.codec = c.codec;
        probe.config = *config;
        const auto rate = rtp_clock_rate(probe);
        if (rate == 0) continue;
        const auto index = out.tracks.size();
        auto m = sdp::media_for(c, payload_type_of(c.codec, c.kind), "trackID=" + std::to_string(index));
        if (!m) continue;
        out.sdp.media.push_back(std::move(*m));
        out.tracks.push_back({c.kind, c.codec, rate});
    }
    if (out.tracks.empty()) return make_error_code(sdp::errc::no_media);
    return out;
}

}  // namespace lal::server
