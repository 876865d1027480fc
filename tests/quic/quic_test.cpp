// SPDX-License-Identifier: MIT
// A server connection and an ngtcp2 client connection in one process, both
// sans-IO: the test carries datagrams between them on a simulated clock.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

#include <lal/quic/connection.hpp>
#include <lal/quic/router.hpp>

#include "../../libs/quic/src/send_queue.hpp"
#include "data_path.hpp"

namespace {

using namespace lal::quic;

endpoint loopback(std::uint16_t port) {
    endpoint e;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::memcpy(&e.storage, &a, sizeof a);
    e.size = sizeof a;
    return e;
}

std::vector<std::byte> bytes_of(std::string_view s) {
    return {reinterpret_cast<const std::byte*>(s.data()), reinterpret_cast<const std::byte*>(s.data()) + s.size()};
}

std::string text_of(const std::vector<std::byte>& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

std::shared_ptr<const credentials> server_credentials() {
    auto c = credentials::load_files(lal::test::data_path("quic/cert.pem"), lal::test::data_path("quic/key.pem"));
    REQUIRE(c.has_value());
    return *c;
}

/// A router, a server connection behind it and a client; datagrams move on pump().
struct pair {
    endpoint server_addr = loopback(4433);
    endpoint client_addr = loopback(50000);
    router r;
    std::unique_ptr<connection> server;
    std::unique_ptr<connection> client;
    timestamp now = 1'000'000'000;
    std::vector<connection_event> server_events;
    std::vector<connection_event> client_events;

    explicit pair(options server_opts = {}) : opts(server_opts) {
        auto c = connection::connect(credentials::insecure_client(), options{{}, "h3", "localhost"}, client_addr,
                                     server_addr, now);
        REQUIRE(c.has_value());
        client = std::move(*c);
    }

    void to_server(const std::vector<std::byte>& d) {
        auto res = r.route(d);
        if (std::holds_alternative<route::new_connection>(res)) {
            auto s = connection::accept(server_credentials(), opts, d, server_addr, client_addr, now);
            REQUIRE(s.has_value());
            server = std::move(*s);
            for (auto& id : server->take_new_ids()) r.add(id, 1);
        } else if (std::holds_alternative<route::existing>(res)) {
            REQUIRE(server);
            (void)server->receive(d, client_addr, now);
            for (auto& id : server->take_new_ids()) r.add(id, 1);
            for (auto& id : server->take_retired_ids()) r.remove(id);
        }
    }

    // Moves datagrams both ways until neither side has anything to send.
    void pump(int rounds = 50) {
        for (int i = 0; i < rounds; ++i) {
            auto c = client->take_datagrams(now);
            for (auto& d : c) to_server(d);
            std::size_t s_count = 0;
            if (server) {
                auto s = server->take_datagrams(now);
                s_count = s.size();
                for (auto& d : s) (void)client->receive(d, server_addr, now);
            }
            drain();
            if (c.empty() && s_count == 0) break;
            now += 1'000'000;  // 1 ms per round trip
        }
    }

    void drain() {
        if (server)
            while (auto e = server->next_event()) server_events.push_back(std::move(*e));
        while (auto e = client->next_event()) client_events.push_back(std::move(*e));
    }

    template <class E>
    std::vector<E> of(const std::vector<connection_event>& events) const {
        std::vector<E> out;
        for (auto& e : events)
            if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
        return out;
    }

    options opts;
};

}  // namespace

TEST_CASE("a client and a server connection complete the handshake with ALPN h3", "[quic][connection]") {
    pair p;
    p.pump();
    REQUIRE(p.server);
    CHECK(p.server->handshake_completed());
    CHECK(p.client->handshake_completed());
    auto hs = p.of<event::handshake_completed>(p.server_events);
    REQUIRE(hs.size() == 1);
    CHECK(hs[0].alpn == "h3");
    CHECK(p.r.connections() == 1);
    CHECK(p.r.stats().accepted == 1);
}

TEST_CASE("stream bytes and FIN travel both ways on a bidirectional stream", "[quic][connection]") {
    pair p;
    p.pump();
    auto id = p.client->open_bidi_stream();
    REQUIRE(id.has_value());
    REQUIRE_FALSE(p.client->write(*id, bytes_of("GET /"), true));
    p.pump();
    std::string got;
    bool fin = false;
    for (auto& d : p.of<event::stream_data>(p.server_events)) {
        CHECK(d.stream_id == *id);
        got += text_of(d.bytes);
        fin = fin || d.fin;
    }
    CHECK(got == "GET /");
    CHECK(fin);

    REQUIRE_FALSE(p.server->write(*id, bytes_of("200 OK"), true));
    p.pump();
    got.clear();
    fin = false;
    for (auto& d : p.of<event::stream_data>(p.client_events)) {
        got += text_of(d.bytes);
        fin = fin || d.fin;
    }
    CHECK(got == "200 OK");
    CHECK(fin);
    CHECK(p.server->queued(*id) == 0);  // acknowledged and freed
}

TEST_CASE("a large write crosses many packets and flow-control updates intact", "[quic][connection]") {
    options o;
    o.limits.stream_window = 16 * 1024;
    pair p(o);
    p.pump();
    auto id = p.server->open_uni_stream();
    REQUIRE(id.has_value());
    std::vector<std::byte> big(300 * 1024);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::byte>(i * 7 + i / 251);
    REQUIRE_FALSE(p.server->write(*id, big, true));
    p.pump(2000);
    std::vector<std::byte> got;
    for (auto& d : p.of<event::stream_data>(p.client_events)) got.insert(got.end(), d.bytes.begin(), d.bytes.end());
    CHECK(got == big);
}

TEST_CASE("the per-stream send queue refuses writes past its bound", "[quic][connection]") {
    options o;
    o.limits.max_send_queue = 1000;
    pair p(o);
    p.pump();
    auto id = p.server->open_uni_stream();
    REQUIRE(id.has_value());
    std::vector<std::byte> chunk(600);
    CHECK_FALSE(p.server->write(*id, chunk, false));
    CHECK(p.server->write(*id, chunk, false) == errc::queue_full);
    CHECK(p.server->stats().writes_refused == 1);
    p.pump();
    CHECK(p.server->queued(*id) == 0);
    CHECK_FALSE(p.server->write(*id, chunk, false));  // acks made room
    CHECK(p.server->write(999, chunk, false) == errc::unknown_stream);
}

TEST_CASE("datagrams travel both ways within max_datagram_frame_size", "[quic][connection]") {
    pair p;
    p.pump();
    REQUIRE_FALSE(p.client->send_datagram(bytes_of("ping")));
    p.pump();
    auto d = p.of<event::datagram>(p.server_events);
    REQUIRE(d.size() == 1);
    CHECK(text_of(d[0].bytes) == "ping");
    REQUIRE_FALSE(p.server->send_datagram(bytes_of("pong")));
    CHECK(p.server->send_datagram(std::vector<std::byte>(5000)) == errc::datagram_too_large);
    p.pump();
    auto c = p.of<event::datagram>(p.client_events);
    REQUIRE(c.size() == 1);
    CHECK(text_of(c[0].bytes) == "pong");
}

TEST_CASE("a reset stream is reported", "[quic][connection]") {
    pair p;
    p.pump();
    auto id = p.client->open_bidi_stream();
    REQUIRE(id.has_value());
    REQUIRE_FALSE(p.client->write(*id, bytes_of("x"), false));
    p.pump();
    REQUIRE_FALSE(p.client->reset_stream(*id, 0x10c));
    p.pump();
    auto r = p.of<event::stream_reset>(p.server_events);
    REQUIRE(r.size() == 1);
    CHECK(r[0].stream_id == *id);
    CHECK(r[0].code == 0x10c);
    // The client's STOP_SENDING ended our side too: writes are refused once ngtcp2 saw it.
    (void)p.server->write(*id, bytes_of("late"), false);
    p.pump();
    CHECK(p.server->queued(*id) == 0);
}

TEST_CASE("an application close reaches the peer with its code and reason", "[quic][connection]") {
    pair p;
    p.pump();
    p.server->close(0x0101, "bye");
    p.pump();
    CHECK(p.server->is_done());
    auto c = p.of<event::closed>(p.client_events);
    REQUIRE(c.size() == 1);
    CHECK(c[0].application);
    CHECK(c[0].code == 0x0101);
    CHECK(c[0].reason == "bye");
    CHECK(p.client->is_done());
}

TEST_CASE("an idle connection times out through on_expiry", "[quic][connection]") {
    options o;
    o.limits.idle_timeout_ms = 200;
    pair p(o);
    p.pump();
    for (int i = 0; i < 100 && !p.server->is_done(); ++i) {
        p.now = std::max(p.now, p.server->expiry());
        (void)p.server->on_expiry(p.now);
        (void)p.server->take_datagrams(p.now);  // probes go nowhere
    }
    CHECK(p.server->is_done());
    p.drain();
    CHECK(p.of<event::closed>(p.server_events).size() == 1);
}

TEST_CASE("the router drops garbage and unknown short headers and answers unknown versions",
          "[quic][router]") {
    router r;
    CHECK(std::holds_alternative<route::drop>(r.route(bytes_of(""))));
    CHECK(std::holds_alternative<route::drop>(r.route(bytes_of("\xff"))));
    std::vector<std::byte> short_hdr(40, std::byte{0x42});
    short_hdr[0] = std::byte{0x40};
    CHECK(std::holds_alternative<route::drop>(r.route(short_hdr)));
    CHECK(r.stats().dropped_unknown_id == 1);

    // A long header of version 0x1a2a3a4a (reserved for forcing negotiation, RFC 9000 15).
    std::vector<std::byte> vn(1200);
    const unsigned char head[] = {0xc0, 0x1a, 0x2a, 0x3a, 0x4a, 8, 1, 2, 3, 4, 5, 6, 7, 8, 4, 9, 9, 9, 9};
    std::memcpy(vn.data(), head, sizeof head);
    auto res = r.route(vn);
    REQUIRE(std::holds_alternative<route::version_negotiation>(res));
    const auto& out = std::get<route::version_negotiation>(res).packet;
    REQUIRE(out.size() >= 7 + 4 + 8 + 4);
    CHECK((std::to_integer<unsigned>(out[0]) & 0x80) != 0);
    CHECK(std::to_integer<unsigned>(out[1]) == 0);  // version 0 marks Version Negotiation
    CHECK(std::to_integer<unsigned>(out[5]) == 4);  // its DCID is our SCID: 9 9 9 9
    CHECK(r.stats().version_negotiations == 1);
    vn.resize(100);  // too small to answer (RFC 9000 14.1)
    CHECK(std::holds_alternative<route::drop>(r.route(vn)));
}

TEST_CASE("a truncated Initial starts no connection", "[quic][router]") {
    auto c = connection::connect(credentials::insecure_client(), {}, loopback(1), loopback(2), 1);
    REQUIRE(c.has_value());
    auto first = (*c)->take_datagrams(1);
    REQUIRE(!first.empty());
    REQUIRE(first[0].size() >= 1200);
    router r;
    auto cut = first[0];
    cut.resize(600);
    CHECK(std::holds_alternative<route::drop>(r.route(cut)));
    CHECK(std::holds_alternative<route::new_connection>(r.route(first[0])));
    // The router said new_connection, but a corrupted body still fails accept or its decryption.
    auto bad = first[0];
    bad[bad.size() - 5] ^= std::byte{0xff};
    auto s = connection::accept(server_credentials(), {}, bad, loopback(2), loopback(1), 1);
    if (s.has_value()) CHECK_FALSE((*s)->handshake_completed());
}

TEST_CASE("credentials that do not load are refused", "[quic][credentials]") {
    CHECK(credentials::load_files("/nonexistent/cert.pem", "/nonexistent/key.pem").error() == errc::bad_credentials);
    CHECK(credentials::load_pem("not a pem", "nor this").error() == errc::bad_credentials);
}

TEST_CASE("the send queue keeps bytes until acknowledged and bounds them", "[quic][send_queue]") {
    lal::quic::detail::send_queue q(10);
    CHECK(q.push(bytes_of("abcd"), false));
    CHECK(q.push(bytes_of("efgh"), false));
    CHECK_FALSE(q.push(bytes_of("ijk"), false));
    std::array<lal::byte_span, 4> spans;
    REQUIRE(q.unsent(spans) == 2);
    q.sent(6, false);
    REQUIRE(q.unsent(spans) == 1);
    CHECK(text_of({spans[0].begin(), spans[0].end()}) == "gh");
    q.acked(0, 5);
    CHECK(q.queued() == 3);
    CHECK(q.push(bytes_of("ij"), true));
    CHECK_FALSE(q.push(bytes_of("k"), false));  // nothing after a FIN
    CHECK(q.unsent_size() == 4);
    q.sent(4, true);
    CHECK_FALSE(q.has_unsent());
}
