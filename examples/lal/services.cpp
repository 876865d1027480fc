// SPDX-License-Identifier: MIT
#include "services.hpp"

#include "api_service.hpp"
#include "cluster_service.hpp"
#include "hook_service.hpp"
#include "hls_service.hpp"
#include "httpflv_service.hpp"
#include "ip_acl_service.hpp"
#include "notify_service.hpp"
#ifdef LAL_HAVE_QUIC
#include "quic_service.hpp"
#endif
#include "record_service.hpp"
#include "relay_service.hpp"
#ifdef LAL_HAVE_WEBRTC
#include "rtc_service.hpp"
#endif
#include "rtmp_service.hpp"
#include "rtsp_service.hpp"
#include "simple_auth_service.hpp"
#if LAL_HAVE_LIBSRT
#include "srt_service.hpp"
#endif

namespace lal::server {

std::vector<std::unique_ptr<service>> make_services(server_context& ctx) {
    const auto& c = ctx.cfg;
    std::vector<std::unique_ptr<service>> out;
    const auto& acl = c.ip_acl;
    if (c.http_api.enable || !acl.publish_allow.empty() || !acl.publish_deny.empty() || !acl.play_allow.empty() ||
        !acl.play_deny.empty()) {
        out.push_back(std::make_unique<ip_acl_service>(ctx));  // the first admission check: by address alone
    }
    const auto& a = c.simple_auth;
    if (a.pub_rtmp_enable || a.sub_rtmp_enable || a.sub_httpflv_enable || a.sub_httpts_enable || a.sub_httpfmp4_enable || a.hls_m3u8_enable ||
        a.pub_rtsp_enable || a.sub_rtsp_enable || a.pub_srt_enable || a.sub_srt_enable ||
        a.pub_rtc_enable || a.sub_rtc_enable || a.sub_moq_enable) {
        out.push_back(std::make_unique<simple_auth_service>(ctx));  // local and cheap
    }
    if (c.rtmp.enable) out.push_back(std::make_unique<rtmp_service>(ctx));
    if (c.rtmp.rtmps_enable) out.push_back(std::make_unique<rtmp_service>(ctx, /*secure=*/true));
    if (c.hls.enable) {
        // Before HTTP-FLV, whose listener routes HLS requests to it.
        auto hls = std::make_unique<hls_service>(ctx);
        ctx.hls = hls.get();
        out.push_back(std::move(hls));
    }
#ifdef LAL_HAVE_WEBRTC
    if (c.rtc.enable) {
        // Before HTTP-FLV, whose listener routes WHEP and WHIP requests to it.
        auto rtc = std::make_unique<rtc_service>(ctx);
        ctx.rtc = rtc.get();
        out.push_back(std::move(rtc));
    }
#else
    if (c.rtc.enable) LAL_LOG_WARN("rtc.enable is set but this server was built without libsrtp2: no WebRTC");
#endif
    if (c.httpflv.enable) out.push_back(std::make_unique<httpflv_service>(ctx));
#if LAL_HAVE_LIBSRT
    if (c.srt.enable) out.push_back(std::make_unique<srt_service>(ctx));
#else
    if (c.srt.enable) LAL_LOG_WARN("srt.enable is set but this server was built without libsrt: no SRT");
#endif
#ifdef LAL_HAVE_QUIC
    if (c.quic.enable) out.push_back(std::make_unique<quic_service>(ctx));
#else
    if (c.quic.enable) LAL_LOG_WARN("quic.enable is set but this server was built without ngtcp2/nghttp3: no QUIC");
#endif
    if (c.rtsp.enable) out.push_back(std::make_unique<rtsp_service>(ctx));
    if (c.rtsp.rtsps_enable) out.push_back(std::make_unique<rtsp_service>(ctx, /*secure=*/true));
    // Before the relay service, whose pulls look streams up through it.
    if (c.cluster.enable) out.push_back(std::make_unique<cluster_service>(ctx));
    if (c.relay_push.enable || c.relay_pull.enable || c.http_api.enable || c.cluster.enable) out.push_back(std::make_unique<relay_service>(ctx));
    // Before the API, which starts and stops recordings through it.
    if (c.record.enable_flv || c.record.enable_mpegts || c.record.enable_mp4 || c.http_api.enable) {
        out.push_back(std::make_unique<record_service>(ctx));
    }
    // After the relay service, which it starts and stops pulls through.
    if (c.http_api.enable) out.push_back(std::make_unique<api_service>(ctx));
    if (c.http_notify.enable) out.push_back(std::make_unique<notify_service>(ctx));
    // Admission checks run in registration order: the IP lists (with the
    // API's blacklist) and simple_auth refuse before a hook is asked.
    if (!c.hooks.on_publish.empty() || !c.hooks.on_play.empty()) out.push_back(std::make_unique<hook_service>(ctx));
    return out;
}

}  // namespace lal::server
