// SPDX-License-Identifier: MIT
// The lal::stun and lal::webrtc part of the outside program: a signed ICE
// check answered by the ICE-lite responder, whose reply verifies.
#include <string>

#include <lal/stun/message.hpp>
#include <lal/webrtc/ice_lite.hpp>

std::string webrtc_summary() {
    const lal::webrtc::ice_credentials local{"lalU", "0123456789abcdefABCDEF01"};
    lal::webrtc::ice_lite_responder ice(local, "peer");
    const lal::stun::transaction_id id{};
    auto request = lal::stun::message_builder(lal::stun::method::binding, lal::stun::message_class::request, id)
                       .add_username("lalU:peer")
                       .add_use_candidate()
                       .finish(lal::as_byte_span(local.pwd));
    auto m = lal::stun::parse(request);
    if (!m) return "stun_parse_failed";
    const lal::stun::transport_address from{false, {127, 0, 0, 1}, 5000};
    auto out = ice.on_message(*m, from);
    auto reply = lal::stun::parse(out.reply);
    const bool verified = reply && !lal::stun::check_integrity(*reply, lal::as_byte_span(local.pwd));
    return "ice_nominated=" + std::to_string(out.nominated ? 1 : 0) + " stun_reply_verified=" +
           std::to_string(verified ? 1 : 0);
}
