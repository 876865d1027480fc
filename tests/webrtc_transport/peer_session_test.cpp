// SPDX-License-Identifier: MIT
// A peer session driven by a client made of the same parts a browser has:
// STUN checks, a DTLS client and SRTP, exchanging real datagrams in memory.
#include <catch2/catch.hpp>

#include <lal/rtp/feedback.hpp>
#include <lal/webrtc_transport/peer_session.hpp>

#include "hex.hpp"

namespace wt = lal::webrtc_transport;
namespace stun = lal::stun;
using lal::test::hex;

namespace {

const lal::webrtc::ice_credentials server_ice{"lalU", "0123456789abcdefABCDEF01"};
const stun::transport_address client_addr{false, {127, 0, 0, 1}, 50000};
const stun::transport_address intruder{false, {127, 0, 0, 2}, 50001};

std::vector<std::byte> ice_check(std::string_view pwd, bool nominate) {
    stun::message_builder b(stun::method::binding, stun::message_class::request, stun::transaction_id{std::byte{7}});
    b.add_username("lalU:cli1").add_priority(1).add_tie_breaker(stun::attr::ice_controlling, 9);
    if (nominate) b.add_use_candidate();
    return b.finish(lal::as_byte_span(pwd), true);
}

std::vector<std::byte> rtp_packet(std::uint16_t seq) {
    auto p = hex("80 60 00 00 00 00 03 e8 00 00 04 57 65 66 67 68");
    lal::store_be(p.data() + 2, seq, 2);
    return p;
}

struct fixture {
    std::shared_ptr<const wt::certificate> server_cert = *wt::certificate::generate();
    std::shared_ptr<const wt::certificate> client_cert = *wt::certificate::generate();
    wt::peer_session server{{server_ice, "cli1", client_cert->fingerprint(), server_cert, 64}};
    wt::dtls_endpoint client{client_cert, wt::dtls_role::client, server_cert->fingerprint()};
    std::unique_ptr<wt::srtp_session> client_srtp;

    // Delivers the server's output to the client; returns the datagrams.
    std::vector<std::vector<std::byte>> to_client() {
        std::vector<std::vector<std::byte>> got;
        for (auto& o : server.take_output()) {
            CHECK(o.to == client_addr);
            got.push_back(std::move(o.bytes));
        }
        return got;
    }

    void connect() {
        server.on_datagram(ice_check(server_ice.pwd, true), client_addr);
        auto replies = to_client();
        REQUIRE(replies.size() == 1);
        auto reply = stun::parse(replies[0]);
        REQUIRE(reply);
        REQUIRE(reply->cls == stun::message_class::success);
        REQUIRE(server.remote() == client_addr);
        client.start();
        for (int round = 0; round < 10 && !server.connected(); ++round) {
            for (auto& d : client.take_output()) server.on_datagram(d, client_addr);
            for (auto& d : to_client()) REQUIRE_FALSE(client.feed(d));
        }
        REQUIRE(server.connected());
        REQUIRE(client.connected());
        auto e = server.next_event();
        REQUIRE(e);
        CHECK(std::holds_alternative<wt::peer_connected>(*e));
        client_srtp = std::move(*wt::srtp_session::make(*client.keys(), wt::dtls_role::client));
    }
};

}  // namespace

TEST_CASE("A client connects through ICE and DTLS, gets SRTP media and a NACKed packet again", "[webrtc_transport][peer]") {
    fixture f;
    CHECK_FALSE(f.server.send_rtp(rtp_packet(1)));  // not connected yet
    f.connect();

    for (std::uint16_t seq = 100; seq < 105; ++seq) REQUIRE(f.server.send_rtp(rtp_packet(seq)));
    auto media = f.to_client();
    REQUIRE(media.size() == 5);
    auto lost = media[2];  // seq 102 "lost" on the way
    for (std::size_t i = 0; i < media.size(); ++i) {
        if (i == 2) continue;
        REQUIRE_FALSE(f.client_srtp->unprotect_rtp(media[i]));
        CHECK(media[i] == rtp_packet(static_cast<std::uint16_t>(100 + i)));
    }

    // The client NACKs 102 and a number long gone.
    std::vector<std::byte> nack;
    REQUIRE_FALSE(lal::rtp::append_feedback(lal::rtp::generic_nack{1, 0x457, {102, 30000}}, nack));
    REQUIRE_FALSE(f.client_srtp->protect_rtcp(nack));
    f.server.on_datagram(nack, client_addr);
    auto resent = f.to_client();
    REQUIRE(resent.size() == 1);
    CHECK(resent[0] == lost);
    REQUIRE_FALSE(f.client_srtp->unprotect_rtp(resent[0]));
    CHECK(resent[0] == rtp_packet(102));
    CHECK(f.server.stats().nack_resent == 1);
    CHECK(f.server.stats().nack_missed == 1);
    auto e = f.server.next_event();
    REQUIRE(e);
    CHECK(std::holds_alternative<wt::rtcp_received>(*e));

    // A PLI becomes a key frame request.
    std::vector<std::byte> pli;
    REQUIRE_FALSE(lal::rtp::append_feedback(lal::rtp::picture_loss{1, 0x457}, pli));
    REQUIRE_FALSE(f.client_srtp->protect_rtcp(pli));
    f.server.on_datagram(pli, client_addr);
    e = f.server.next_event();
    REQUIRE(e);
    REQUIRE(std::holds_alternative<wt::key_frame_request>(*e));
    CHECK(std::get<wt::key_frame_request>(*e).media_ssrc == 0x457);
}

TEST_CASE("A publisher's SRTP reaches the session decrypted; replays and forgeries do not", "[webrtc_transport][peer]") {
    fixture f;
    f.connect();
    auto p = rtp_packet(7);
    REQUIRE_FALSE(f.client_srtp->protect_rtp(p));
    f.server.on_datagram(p, client_addr);
    auto e = f.server.next_event();
    REQUIRE(e);
    REQUIRE(std::holds_alternative<wt::rtp_received>(*e));
    CHECK(std::get<wt::rtp_received>(*e).packet == rtp_packet(7));

    f.server.on_datagram(p, client_addr);  // replayed
    auto forged = rtp_packet(8);
    REQUIRE_FALSE(f.client_srtp->protect_rtp(forged));
    forged.back() ^= std::byte{0x80};
    f.server.on_datagram(forged, client_addr);
    auto good = rtp_packet(9);
    REQUIRE_FALSE(f.client_srtp->protect_rtp(good));
    f.server.on_datagram(good, intruder);  // right keys, wrong address
    CHECK(f.server.stats().srtp_refused == 3);
    CHECK_FALSE(f.server.next_event());
}

TEST_CASE("Garbage, truncated STUN, wrong credentials and DTLS junk leave a session connected", "[webrtc_transport][peer]") {
    fixture f;
    f.connect();
    auto check = ice_check(server_ice.pwd, true);
    f.server.on_datagram(hex("ff ff ff ff 00 01"), client_addr);                       // not STUN, DTLS or RTP
    f.server.on_datagram(std::span(check).first(30), client_addr);                    // truncated STUN
    f.server.on_datagram(ice_check("wrong-password-wrong-pw", true), intruder);       // 401
    f.server.on_datagram(hex("16 fe fd 00 00 00 00 00 00 00 09 00 02 01 02"), intruder);  // DTLS, not selected
    f.server.on_datagram({}, client_addr);
    CHECK(f.server.stats().other_refused == 2);
    CHECK(f.server.stats().stun_refused == 2);
    CHECK(f.server.stats().dtls_refused == 1);
    auto out = f.server.take_output();
    REQUIRE(out.size() == 1);  // the 401 to the intruder
    CHECK(out[0].to == intruder);
    CHECK(stun::error_code(*stun::parse(out[0].bytes))->code == 401);
    CHECK(f.server.remote() == client_addr);
    CHECK(f.server.connected());
    REQUIRE(f.server.send_rtp(rtp_packet(1)));
    auto media = f.to_client();
    REQUIRE(media.size() == 1);
    CHECK_FALSE(f.client_srtp->unprotect_rtp(media[0]));
}
