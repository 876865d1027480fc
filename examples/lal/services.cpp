// SPDX-License-Identifier: MIT
#include "services.hpp"

#include "hls_service.hpp"
#include "httpflv_service.hpp"
#include "relay_service.hpp"
#include "rtmp_service.hpp"

namespace lal::server {

std::vector<std::unique_ptr<service>> make_services(server_context& ctx) {
    const auto& c = ctx.cfg;
    std::vector<std::unique_ptr<service>> out;
    if (c.rtmp.enable) out.push_back(std::make_unique<rtmp_service>(ctx));
    if (c.hls.enable) {
        // Before HTTP-FLV, whose listener routes HLS requests to it.
        auto hls = std::make_unique<hls_service>(ctx);
        ctx.hls = hls.get();
        out.push_back(std::move(hls));
    }
    if (c.httpflv.enable) out.push_back(std::make_unique<httpflv_service>(ctx));
    if (c.relay_push.enable || c.relay_pull.enable) out.push_back(std::make_unique<relay_service>(ctx));
    return out;
}

}  // namespace lal::server
