// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/ip/udp.hpp>

#include <lal/http/response_parser.hpp>
#include <lal/rtp/depacketizer.hpp>
#include <lal/stun/message.hpp>
#include <lal/webrtc_transport/dtls.hpp>
#include <lal/webrtc_transport/srtp.hpp>

#include "player.hpp"
#include "whep_sdp.hpp"

namespace lalbench {

/// A WHEP player (draft-ietf-wish-whep): POSTs a recvonly offer over HTTP,
/// then on one connected UDP socket to the answer's candidate runs ICE as the
/// controlling agent (RFC 8445 7.2.4, USE-CANDIDATE at once, consent every 2 s,
/// RFC 7675), the DTLS client handshake (RFC 5763) and SRTP (RFC 5764).
/// H.264 is depacketized (lal::rtp) into frames shown to the stamp reader in
/// FLV form; each Opus packet counts as an audio frame. Play start is SRTP
/// ready. On close it DELETEs its session resource (best effort).
class whep_player final : public player {
public:
    whep_player(worker& w, const player_settings& settings, const whep_target& target);
    ~whep_player() override;

    /// TCP (the POST) until the answer, then the UDP socket.
    void on_readable() override;
    /// Retransmissions (STUN, DTLS), consent checks and a timeout that says which step stalled.
    void check(clock_type::time_point now) override;

private:
    enum class step { http, ice, dtls, media };

    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void close_transport() override;
    void on_response_end();
    void start_udp();
    void send_binding(bool nominate);
    void on_stun(lal::byte_span datagram);
    void on_dtls(lal::byte_span datagram);
    void on_rtp(const lal::payload& datagram);
    void flush_dtls();
    void send_datagram(lal::byte_span bytes);
    const char* step_text() const noexcept;

    const whep_target target_;
    step step_ = step::http;
    whep_offer_params local_;
    lal::http::response_parser response_;
    int status_ = 0;
    std::string location_;
    std::string body_;
    whep_answer answer_;
    asio::ip::udp::socket udp_;
    bool udp_watched_ = false;
    lal::stun::transaction_id transaction_{};
    std::uint64_t tie_breaker_ = 0;
    bool nominated_ = false;              // a check with USE-CANDIDATE was answered
    clock_type::time_point last_check_{};  // when the last binding request went out
    std::unique_ptr<lal::webrtc_transport::dtls_endpoint> dtls_;
    std::unique_ptr<lal::webrtc_transport::srtp_session> srtp_;
    std::unique_ptr<lal::rtp::depacketizer> video_;
    bool decrypted_ = false;               // the datagram given to on_input is an unprotected RTP packet
    std::vector<std::byte> prefix_;
};

}  // namespace lalbench
