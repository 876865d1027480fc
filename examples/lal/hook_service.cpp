// SPDX-License-Identifier: MIT
#include "hook_service.hpp"

#include <chrono>

#include <lal/http_asio/client.hpp>
#include <nlohmann/json.hpp>

#include "log.hpp"

namespace lal::server {

namespace {
bool publish_hook(const std::string& what) { return what == "on_publish"; }

/// The "redirect" URL of an on_play answer ({"redirect": "rtmp://edge/live/x"}),
/// empty when there is none or it could not go into a Location field or an
/// AMF0 string (control characters, over 2 KiB).
std::string redirect_in(const std::string& body) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return {};
    auto it = j.find("redirect");
    if (it == j.end() || !it->is_string()) return {};
    auto url = it->get<std::string>();
    if (url.empty() || url.size() > 2048) return {};
    for (const unsigned char c : url) {
        if (c < 0x20 || c == 0x7f) return {};
    }
    return url;
}
}  // namespace

hook_service::hook_service(server_context& ctx)
    : ctx_(ctx), tls_(load_client_tls("hooks.ca_file", ctx.cfg.hooks.ca_file)) {
    ctx_.streams.add_admission_check(*this);
    ctx_.hooks = &counters_;
}

void hook_service::check(const admission_request& request, lal::hub::admission_reply reply) {
    const auto& cfg = ctx_.cfg.hooks;
    const bool publish = request.action == admission_action::publish;
    const auto& url = publish ? cfg.on_publish : cfg.on_play;
    if (url.empty()) {
        reply(admission_result::admit());
        return;
    }
    // Field names follow lal-Go's notifications, plus the action asked for.
    nlohmann::json body = {{"action", publish ? "on_publish" : "on_play"},
                           {"server_id", ctx_.cfg.server_id},
                           {"protocol", request.protocol},
                           {"remote_addr", request.remote},
                           {"app_name", request.key.app},
                           {"stream_name", request.key.name},
                           {"url_param", request.query}};
    http_asio::client_request req;
    req.method = "POST";
    req.url = url;
    req.body = body.dump();
    req.headers.add("Content-Type", "application/json");
    req.timeout = std::chrono::milliseconds(cfg.timeout_ms);
    req.max_body_bytes = 64 * 1024;
    req.tls = tls_.context;
    counters_.requests.fetch_add(1);
    const auto started = std::chrono::steady_clock::now();
    // Any worker's loop will do: the answer is posted back to the requester's.
    http_asio::fetch(
        ctx_.loops.context(0).get_executor(), std::move(req),
        [this, reply = std::move(reply), started, what = std::string(publish ? "on_publish" : "on_play"),
         stream = request.key.str()](lal::result<http_asio::client_response> r) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                  started)
                                .count();
            counters_.latency_ms_sum.fetch_add(static_cast<std::uint64_t>(ms));
            if (r && !publish_hook(what)) {
                if (auto to = redirect_in(r->body); !to.empty()) {
                    counters_.refused.fetch_add(1);
                    LAL_LOG_INFO("[hooks] {} of {}: redirected to {}", what, stream, to);
                    reply(admission_result::redirect_to(std::move(to)));
                    return;
                }
            }
            if (r && r->status >= 200 && r->status <= 299) {
                counters_.allowed.fetch_add(1);
                reply(admission_result::admit());
                return;
            }
            if (!r) {
                counters_.failures.fetch_add(1);
                if (ctx_.cfg.hooks.fail_open) {
                    LAL_LOG_WARN("[hooks] {} of {} failed after {} ms ({}): allowed (hooks.fail_open)", what, stream,
                                 ms, r.error().message());
                    counters_.allowed.fetch_add(1);
                    reply(admission_result::admit());
                    return;
                }
                counters_.refused.fetch_add(1);
                reply(admission_result::refuse("hook " + what + " failed after " + std::to_string(ms) +
                                               " ms: " + r.error().message()));
                return;
            }
            counters_.refused.fetch_add(1);
            reply(admission_result::refuse("hook " + what + " answered HTTP " + std::to_string(r->status)));
        });
}

}  // namespace lal::server
