// SPDX-License-Identifier: MIT
#include "httpflv_player.hpp"
#include "player.hpp"
#include "rtmp_player.hpp"
#include "rtsp_player.hpp"

namespace lalbench {

std::shared_ptr<player> make_player(worker& w, const player_settings& settings, const player_target& target) {
    if (target.is_rtsp) return std::make_shared<rtsp_player>(w, settings, *parse_rtsp_target(target.rtsp));
    if (target.is_http) return std::make_shared<httpflv_player>(w, settings, target.http);
    return std::make_shared<rtmp_player>(w, settings, target.rtmp);
}

}  // namespace lalbench
