// SPDX-License-Identifier: MIT
#include <lal/webrtc_transport/peer_session.hpp>

#include <lal/rtp/feedback.hpp>
#include <lal/rtp/rtcp.hpp>

namespace lal::webrtc_transport {

peer_session::peer_session(peer_options o)
    : ice_(std::move(o.local_ice), std::move(o.remote_ufrag)),
      dtls_(std::move(o.cert), dtls_role::server, std::move(o.remote_fingerprint)),
      history_(o.history_packets) {}

void peer_session::on_datagram(byte_span d, const stun::transport_address& from) {
    if (d.empty()) {
        ++stats_.other_refused;
        return;
    }
    // RFC 7983 7: 0..3 STUN, 20..63 DTLS, 128..191 RTP/RTCP.
    const auto first = std::to_integer<unsigned>(d[0]);
    if (first <= 3) return on_stun(d, from);
    const bool from_selected = ice_.selected() && *ice_.selected() == from;
    if (first >= 20 && first <= 63) {
        if (!from_selected || closed_) {
            ++stats_.dtls_refused;
            return;
        }
        return on_dtls(d);
    }
    if (first >= 128 && first <= 191) {
        if (!from_selected || !srtp_) {
            ++stats_.srtp_refused;
            return;
        }
        return on_srtp(d);
    }
    ++stats_.other_refused;
}

void peer_session::on_stun(byte_span d, const stun::transport_address& from) {
    auto m = stun::parse(d);
    if (!m) {
        ++stats_.stun_refused;
        return;
    }
    auto r = ice_.on_message(*m, from);
    if (r.error) ++stats_.stun_refused;
    if (!r.reply.empty()) out_.push_back({std::move(r.reply), from});
}

void peer_session::flush_dtls() {
    if (!ice_.selected()) return;
    for (auto& d : dtls_.take_output()) out_.push_back({std::move(d), *ice_.selected()});
}

void peer_session::on_dtls(byte_span d) {
    const bool was = dtls_.connected();
    auto ec = dtls_.feed(d);
    flush_dtls();
    if (ec) {
        ++stats_.dtls_refused;
        closed_ = true;
        srtp_.reset();
        events_.push_back(peer_closed{ec});
        return;
    }
    if (!was && dtls_.connected()) {
        auto s = srtp_session::make(*dtls_.keys(), dtls_role::server);
        if (!s) {
            closed_ = true;
            events_.push_back(peer_closed{s.error()});
            return;
        }
        srtp_ = std::move(*s);
        events_.push_back(peer_connected{});
    }
}

void peer_session::on_srtp(byte_span d) {
    std::vector<std::byte> packet(d.begin(), d.end());
    // RFC 5761 4: with rtcp-mux, payload types 64..95 (marker bit included:
    // second byte 192..223) are RTCP.
    const auto second = d.size() > 1 ? std::to_integer<unsigned>(d[1]) : 0u;
    const bool rtcp = second >= 192 && second <= 223;
    auto ec = rtcp ? srtp_->unprotect_rtcp(packet) : srtp_->unprotect_rtp(packet);
    if (ec) {
        ++stats_.srtp_refused;
        return;
    }
    if (!rtcp) {
        events_.push_back(rtp_received{std::move(packet)});
        return;
    }
    on_feedback(packet);
    events_.push_back(rtcp_received{std::move(packet)});
}

void peer_session::on_feedback(const std::vector<std::byte>& compound) {
    auto packets = rtp::parse_rtcp(compound);
    if (!packets) return;
    for (const auto& p : *packets) {
        const auto* other = std::get_if<rtp::other_rtcp>(&p);
        if (!other) continue;
        auto f = rtp::parse_feedback(*other);
        if (!f) continue;
        if (const auto* nack = std::get_if<rtp::generic_nack>(&*f)) {
            // RFC 4585 6.2.1: resend what is still kept; the packet is the
            // protected one, sent again unchanged.
            for (auto seq : nack->lost) {
                const auto* kept = history_.find(seq);
                if (!kept) {
                    ++stats_.nack_missed;
                    continue;
                }
                ++stats_.nack_resent;
                out_.push_back({to_vector(kept->bytes()), *ice_.selected()});
            }
        } else if (const auto* pli = std::get_if<rtp::picture_loss>(&*f)) {
            events_.push_back(key_frame_request{pli->media_ssrc});
        } else if (const auto* fir = std::get_if<rtp::full_intra_request>(&*f)) {
            for (const auto& e : fir->entries) events_.push_back(key_frame_request{e.ssrc});
        }
    }
}

std::vector<outgoing> peer_session::take_output() { return std::exchange(out_, {}); }

std::optional<peer_event> peer_session::next_event() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

bool peer_session::send_rtp(std::vector<std::byte> packet) {
    if (!srtp_ || packet.size() < 12) return false;
    const auto seq = static_cast<std::uint16_t>(load_be(packet.data() + 2, 2));
    if (srtp_->protect_rtp(packet)) return false;
    auto shared = lal::payload::adopt(std::move(packet));
    out_.push_back({to_vector(shared.bytes()), *ice_.selected()});
    history_.put(seq, std::move(shared));
    return true;
}

bool peer_session::send_rtcp(std::vector<std::byte> packet) {
    if (!srtp_ || srtp_->protect_rtcp(packet)) return false;
    out_.push_back({std::move(packet), *ice_.selected()});
    return true;
}

void peer_session::on_timeout() {
    dtls_.on_timeout();
    flush_dtls();
}

}  // namespace lal::webrtc_transport
