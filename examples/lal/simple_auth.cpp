// SPDX-License-Identifier: MIT
#include "simple_auth.hpp"

#include <algorithm>
#include <cctype>

#include <lal/http/query.hpp>
#include <lal/rtsp/auth.hpp>

namespace lal::server {

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
}  // namespace

bool simple_auth::applies(const admission_request& r) const noexcept {
    const bool pub = r.action == admission_action::publish;
    if (r.protocol == "rtmp") return pub ? cfg_.pub_rtmp_enable : cfg_.sub_rtmp_enable;
    if (r.protocol == "rtsp") return pub ? cfg_.pub_rtsp_enable : cfg_.sub_rtsp_enable;
    if (r.protocol == "srt") return pub ? cfg_.pub_srt_enable : cfg_.sub_srt_enable;
    if (r.protocol == "rtc") return pub ? cfg_.pub_rtc_enable : cfg_.sub_rtc_enable;
    if (pub) return false;
    if (r.protocol == "moq") return cfg_.sub_moq_enable;
    if (r.protocol == "httpflv") return cfg_.sub_httpflv_enable;
    if (r.protocol == "httpts") return cfg_.sub_httpts_enable;
    if (r.protocol == "httpfmp4") return cfg_.sub_httpfmp4_enable;
    if (r.protocol == "hls") return cfg_.hls_m3u8_enable;
    return false;
}

std::string simple_auth::verdict(const admission_request& r) const {
    if (!applies(r)) return {};
    const auto secret = lal::http::query_value(r.query, "lal_secret");
    if (!secret || secret->empty()) return "lal_secret is missing (simple_auth)";
    if (!cfg_.dangerous_lal_secret.empty() && *secret == cfg_.dangerous_lal_secret) return {};
    if (lower(*secret) == lal::rtsp::md5_hex(cfg_.key + r.key.name)) return {};
    return "lal_secret does not match (simple_auth)";
}

void simple_auth::check(const admission_request& request, lal::hub::admission_reply reply) {
    auto why = verdict(request);
    reply(why.empty() ? admission_result::admit() : admission_result::refuse(std::move(why)));
}

}  // namespace lal::server
