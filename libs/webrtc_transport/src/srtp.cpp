// SPDX-License-Identifier: MIT
#include <lal/webrtc_transport/srtp.hpp>

#include <srtp2/srtp.h>

#include <mutex>

namespace lal::webrtc_transport {

struct srtp_session::impl {
    srtp_t tx = nullptr;
    srtp_t rx = nullptr;
    ~impl() {
        if (tx) srtp_dealloc(tx);
        if (rx) srtp_dealloc(rx);
    }
};

namespace {

bool init_library() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] { ok = srtp_init() == srtp_err_status_ok; });
    return ok;
}

srtp_t make_context(const std::array<std::byte, 30>& key, bool outbound) {
    std::array<unsigned char, 30> k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = std::to_integer<unsigned char>(key[i]);
    srtp_policy_t p{};
    // RFC 5764 4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 for both SRTP and SRTCP.
    srtp_crypto_policy_set_rtp_default(&p.rtp);
    srtp_crypto_policy_set_rtcp_default(&p.rtcp);
    p.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    p.key = k.data();
    p.window_size = 1024;
    // A NACK may ask for a packet again; the resend is the same packet.
    p.allow_repeat_tx = 1;
    srtp_t ctx = nullptr;
    return srtp_create(&ctx, &p) == srtp_err_status_ok ? ctx : nullptr;
}

std::error_code map_status(srtp_err_status_t st) {
    switch (st) {
    case srtp_err_status_ok: return {};
    case srtp_err_status_auth_fail: return errc::srtp_auth_failed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old: return errc::srtp_replay;
    default: return errc::srtp_bad_packet;
    }
}

template <class Fn>
std::error_code grow_and_run(std::vector<std::byte>& packet, std::size_t min_size, Fn fn) {
    if (packet.size() < min_size) return errc::srtp_bad_packet;
    int len = static_cast<int>(packet.size());
    packet.resize(packet.size() + SRTP_MAX_TRAILER_LEN);
    const auto st = fn(packet.data(), &len);
    packet.resize(st == srtp_err_status_ok ? static_cast<std::size_t>(len) : packet.size() - SRTP_MAX_TRAILER_LEN);
    return map_status(st);
}

template <class Fn>
std::error_code shrink_and_run(std::vector<std::byte>& packet, std::size_t min_size, Fn fn) {
    if (packet.size() < min_size) return errc::srtp_bad_packet;
    int len = static_cast<int>(packet.size());
    const auto st = fn(packet.data(), &len);
    if (st == srtp_err_status_ok) packet.resize(static_cast<std::size_t>(len));
    return map_status(st);
}

}  // namespace

srtp_session::srtp_session(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
srtp_session::~srtp_session() = default;

lal::result<std::unique_ptr<srtp_session>> srtp_session::make(const srtp_keys& keys, dtls_role local) {
    if (!init_library()) return errc::srtp_setup_failed;
    auto i = std::make_unique<impl>();
    const auto& mine = local == dtls_role::server ? keys.server : keys.client;
    const auto& theirs = local == dtls_role::server ? keys.client : keys.server;
    i->tx = make_context(mine, true);
    i->rx = make_context(theirs, false);
    if (!i->tx || !i->rx) return errc::srtp_setup_failed;
    return std::unique_ptr<srtp_session>(new srtp_session(std::move(i)));
}

// RFC 3550 5.1 / 6.4: an RTP header is at least 12 bytes, an RTCP one 8.
std::error_code srtp_session::protect_rtp(std::vector<std::byte>& packet) {
    return grow_and_run(packet, 12, [&](void* p, int* len) { return srtp_protect(impl_->tx, p, len); });
}

std::error_code srtp_session::protect_rtcp(std::vector<std::byte>& packet) {
    return grow_and_run(packet, 8, [&](void* p, int* len) { return srtp_protect_rtcp(impl_->tx, p, len); });
}

std::error_code srtp_session::unprotect_rtp(std::vector<std::byte>& packet) {
    return shrink_and_run(packet, 12 + 10, [&](void* p, int* len) { return srtp_unprotect(impl_->rx, p, len); });
}

std::error_code srtp_session::unprotect_rtcp(std::vector<std::byte>& packet) {
    return shrink_and_run(packet, 8 + 14,
                          [&](void* p, int* len) { return srtp_unprotect_rtcp(impl_->rx, p, len); });
}

}  // namespace lal::webrtc_transport
