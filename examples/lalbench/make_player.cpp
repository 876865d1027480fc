// SPDX-License-Identifier: MIT
#include "hls_player.hpp"
#include "httpflv_player.hpp"
#include "player.hpp"
#include "rtmp_player.hpp"
#include "rtsp_player.hpp"
#ifdef LALBENCH_HAVE_SRT
#include "srt_player.hpp"
#endif
#ifdef LALBENCH_HAVE_WHEP
#include "whep_player.hpp"
#endif
#ifdef LALBENCH_HAVE_MOQ
#include "moq_player.hpp"
#endif

namespace lalbench {

std::shared_ptr<player> make_player(worker& w, const player_settings& settings, const player_target& target) {
    if (target.is_rtsp) return std::make_shared<rtsp_player>(w, settings, *parse_rtsp_target(target.rtsp));
#ifdef LALBENCH_HAVE_SRT
    if (target.is_srt) return std::make_shared<srt_player>(w, settings, *parse_srt_target(target.srt));
#endif
#ifdef LALBENCH_HAVE_WHEP
    if (target.is_whep) return std::make_shared<whep_player>(w, settings, *parse_whep_target(target.whep, target.whep_http));
#endif
#ifdef LALBENCH_HAVE_MOQ
    if (target.is_moq) return std::make_shared<moq_player>(w, settings, *parse_moq_target(target.moq));
#endif
    // HLS by the playlist's name; HTTP-FLV, or HTTP-TS for a .ts URL, otherwise.
    if (target.is_http && target.http.path().ends_with(".m3u8")) return std::make_shared<hls_player>(w, settings, target.http);
    if (target.is_http) return std::make_shared<httpflv_player>(w, settings, target.http, target.websocket);
    return std::make_shared<rtmp_player>(w, settings, target.rtmp);
}

}  // namespace lalbench
