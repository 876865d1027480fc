// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/webrtc_transport/dtls.hpp>
#include <lal/webrtc_transport/srtp.hpp>

#include "hex.hpp"

namespace wt = lal::webrtc_transport;
using lal::test::hex;

namespace {

std::shared_ptr<const wt::certificate> make_cert() {
    auto c = wt::certificate::generate();
    REQUIRE(c);
    return *c;
}

// Moves datagrams between the two ends until both are quiet; returns the
// first error either end reported.
std::error_code run_handshake(wt::dtls_endpoint& client, wt::dtls_endpoint& server) {
    client.start();
    for (int round = 0; round < 20; ++round) {
        auto to_server = client.take_output();
        auto to_client = server.take_output();
        if (to_server.empty() && to_client.empty()) return {};
        for (const auto& d : to_server) {
            CHECK(d.size() <= 1200);
            CHECK(wt::looks_like_dtls(d));
            if (auto ec = server.feed(d)) return ec;
        }
        for (const auto& d : to_client) {
            CHECK(d.size() <= 1200);
            if (auto ec = client.feed(d)) return ec;
        }
    }
    return wt::errc::dtls_failed;
}

std::vector<std::byte> rtp_packet(std::uint16_t seq) {
    auto p = hex("80 60 00 00 00 00 03 e8 11 22 33 44 de ad be ef 01 02 03 04");
    p[2] = static_cast<std::byte>(seq >> 8);
    p[3] = static_cast<std::byte>(seq & 0xff);
    return p;
}

}  // namespace

TEST_CASE("A self-signed ECDSA certificate has a SHA-256 fingerprint of 32 hex pairs", "[webrtc_transport][dtls]") {
    auto a = make_cert();
    auto b = make_cert();
    CHECK(a->fingerprint().size() == 95);
    CHECK(a->fingerprint()[2] == ':');
    CHECK(a->fingerprint() != b->fingerprint());
}

TEST_CASE("DTLS client and server agree on SRTP keys, and SRTP flows both ways", "[webrtc_transport][dtls][srtp]") {
    auto server_cert = make_cert();
    auto client_cert = make_cert();
    wt::dtls_endpoint server(server_cert, wt::dtls_role::server, client_cert->fingerprint());
    wt::dtls_endpoint client(client_cert, wt::dtls_role::client, server_cert->fingerprint());
    CHECK(client.next_timeout() == std::nullopt);
    REQUIRE_FALSE(run_handshake(client, server));
    REQUIRE(server.connected());
    REQUIRE(client.connected());
    CHECK(server.keys()->client == client.keys()->client);
    CHECK(server.keys()->server == client.keys()->server);
    CHECK(server.keys()->client != server.keys()->server);
    CHECK_FALSE(server.next_timeout());

    auto tx = wt::srtp_session::make(*server.keys(), wt::dtls_role::server);
    auto rx = wt::srtp_session::make(*client.keys(), wt::dtls_role::client);
    REQUIRE(tx);
    REQUIRE(rx);
    const auto plain = rtp_packet(1);
    auto packet = plain;
    REQUIRE_FALSE((*tx)->protect_rtp(packet));
    CHECK(packet.size() == plain.size() + 10);  // HMAC-SHA1-80 tag
    CHECK(std::vector<std::byte>(packet.begin() + 12, packet.begin() + 20) !=
          std::vector<std::byte>(plain.begin() + 12, plain.end()));
    auto copy = packet;
    REQUIRE_FALSE((*rx)->unprotect_rtp(packet));
    CHECK(packet == plain);

    // Replayed, tampered and short packets are refused; the session goes on.
    CHECK((*rx)->unprotect_rtp(copy) == wt::errc::srtp_replay);
    auto tampered = rtp_packet(2);
    REQUIRE_FALSE((*tx)->protect_rtp(tampered));
    tampered[14] ^= std::byte{1};
    CHECK((*rx)->unprotect_rtp(tampered) == wt::errc::srtp_auth_failed);
    auto garbage = hex("80 60 00 03");
    CHECK((*rx)->unprotect_rtp(garbage) == wt::errc::srtp_bad_packet);
    auto next = rtp_packet(3);
    REQUIRE_FALSE((*tx)->protect_rtp(next));
    CHECK_FALSE((*rx)->unprotect_rtp(next));

    // The same packet protected again (a NACK resend) is allowed on the sender.
    auto again = rtp_packet(3);
    CHECK_FALSE((*tx)->protect_rtp(again));

    // SRTCP the other way: a receiver report from the client.
    const auto rr = hex("81 c9 00 07 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00");
    auto rtcp = rr;
    REQUIRE_FALSE((*rx)->protect_rtcp(rtcp));
    CHECK(rtcp.size() == rr.size() + 14);  // E flag + index, and the tag
    REQUIRE_FALSE((*tx)->unprotect_rtcp(rtcp));
    CHECK(rtcp == rr);
}

TEST_CASE("A peer whose certificate is not the SDP's fingerprint is refused", "[webrtc_transport][dtls]") {
    auto server_cert = make_cert();
    auto client_cert = make_cert();
    auto other = make_cert();
    wt::dtls_endpoint server(server_cert, wt::dtls_role::server, other->fingerprint());
    wt::dtls_endpoint client(client_cert, wt::dtls_role::client, server_cert->fingerprint());
    auto ec = run_handshake(client, server);
    CHECK(ec == wt::errc::fingerprint_mismatch);
    CHECK_FALSE(server.connected());
}

TEST_CASE("DTLS garbage fails the handshake without crashing; the timer drives retransmission", "[webrtc_transport][dtls]") {
    auto server_cert = make_cert();
    wt::dtls_endpoint server(server_cert, wt::dtls_role::server, server_cert->fingerprint());
    auto junk = hex("16 fe fd 00 00 00 00 00 00 00 00 00 05 01 02 03 04 05");
    CHECK(server.feed(junk) == wt::errc::dtls_failed);
    CHECK(server.feed(junk) == wt::errc::dtls_failed);  // stays failed

    auto client_cert = make_cert();
    wt::dtls_endpoint client(client_cert, wt::dtls_role::client, server_cert->fingerprint());
    client.start();
    auto hello = client.take_output();
    REQUIRE(hello.size() == 1);
    auto wait = client.next_timeout();
    REQUIRE(wait);
    CHECK(*wait <= std::chrono::seconds(1));
}
