// SPDX-License-Identifier: MIT
#include <lal/webrtc/ice_lite.hpp>

#include <stdexcept>

namespace lal::webrtc {
namespace {

// RFC 8839 5.4: ice-char = ALPHA / DIGIT / "+" / "/".
constexpr std::string_view ice_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string ice_text(byte_span random) {
    std::string s;
    for (auto b : random) s += ice_chars[std::to_integer<unsigned>(b) % ice_chars.size()];
    return s;
}

std::vector<std::byte> error_reply(const stun::message& m, int code, std::string_view reason) {
    return stun::message_builder(stun::method::binding, stun::message_class::error, m.id)
        .add_error_code(code, reason)
        .finish({}, true);
}

}  // namespace

ice_credentials make_ice_credentials(byte_span random) {
    if (random.size() != 32) throw std::invalid_argument("make_ice_credentials needs 32 random bytes");
    return {ice_text(random.first(8)), ice_text(random.subspan(8))};
}

std::optional<std::string_view> local_ufrag_of(const stun::message& m) {
    auto user = stun::username(m);
    if (!user) return std::nullopt;
    const auto colon = user->find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return user->substr(0, colon);
}

ice_lite_responder::ice_lite_responder(ice_credentials local, std::string remote_ufrag)
    : local_(std::move(local)), remote_ufrag_(std::move(remote_ufrag)) {}

ice_outcome ice_lite_responder::on_message(const stun::message& m, const stun::transport_address& from) {
    ice_outcome out;
    if (m.method != stun::method::binding || m.cls != stun::message_class::request) {
        out.error = errc::not_binding_request;
        return out;
    }
    // RFC 8445 7.3: a check carries FINGERPRINT; a bad one means it is not
    // STUN at all, so it is dropped without a reply.
    if (m.find(stun::attr::fingerprint)) {
        if (auto ec = stun::check_fingerprint(m)) {
            out.error = ec;
            return out;
        }
    }
    // RFC 8489 9.1.3: no USERNAME or MESSAGE-INTEGRITY -> 400; wrong -> 401.
    auto user = stun::username(m);
    if (!user || !m.find(stun::attr::message_integrity)) {
        out.error = user ? stun::make_error_code(stun::errc::missing_attribute) : user.error();
        out.reply = error_reply(m, 400, "Bad Request");
        return out;
    }
    const auto expected = local_.ufrag + ":" + remote_ufrag_;
    if (*user != expected || stun::check_integrity(m, as_byte_span(local_.pwd))) {
        out.error = errc::unauthorized;
        out.reply = error_reply(m, 401, "Unauthorized");
        return out;
    }
    // RFC 8445 6.1.1, 7.3.1.1: a lite agent is controlled; a peer that says
    // it is controlled too has a conflict it must resolve by switching.
    if (m.find(stun::attr::ice_controlled)) {
        out.error = errc::role_conflict;
        out.reply = stun::message_builder(stun::method::binding, stun::message_class::error, m.id)
                        .add_error_code(487, "Role Conflict")
                        .finish(as_byte_span(local_.pwd), true);
        return out;
    }
    // RFC 8445 7.3.1.5: with USE-CANDIDATE the pair is nominated; media goes there.
    if (stun::use_candidate(m)) {
        out.nominated = true;
        selected_ = from;
    }
    out.reply = stun::message_builder(stun::method::binding, stun::message_class::success, m.id)
                    .add_xor_mapped_address(from)
                    .finish(as_byte_span(local_.pwd), true);
    return out;
}

}  // namespace lal::webrtc
