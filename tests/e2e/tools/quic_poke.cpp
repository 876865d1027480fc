// SPDX-License-Identifier: MIT
// A QUIC client on lal::quic for e2e.quic: completes a handshake (ALPN h3)
// with the server, then sends a malformed HTTP/3 control stream (a DATA
// frame where SETTINGS must come first, RFC 9114 6.2.1) and expects the
// server to close the connection with H3_MISSING_SETTINGS (0x010a).
// usage: quic_poke PORT   (127.0.0.1); exits 0 when closed as expected.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <variant>

#include <lal/quic/connection.hpp>

namespace quic = lal::quic;

namespace {

quic::timestamp now_ns() {
    return static_cast<quic::timestamp>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

quic::endpoint endpoint_of(const sockaddr_in& a) {
    quic::endpoint e;
    std::memcpy(&e.storage, &a, sizeof a);
    e.size = sizeof a;
    return e;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: quic_poke PORT\n");
        return 2;
    }
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[1])));
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
        std::perror("socket");
        return 2;
    }
    sockaddr_in local{};
    socklen_t len = sizeof local;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
    auto c = quic::connection::connect(quic::credentials::insecure_client(), {{}, "h3", "localhost"},
                                       endpoint_of(local), endpoint_of(server), now_ns());
    if (!c) return 2;
    auto& conn = **c;
    const auto deadline = now_ns() + 5'000'000'000ULL;
    bool sent_bad = false;
    while (now_ns() < deadline) {
        for (auto& d : conn.take_datagrams(now_ns())) (void)::send(fd, d.data(), d.size(), 0);
        if (conn.is_done()) break;
        const auto expiry = conn.expiry();
        const auto t = now_ns();
        int wait_ms = expiry == quic::no_expiry ? 100 : static_cast<int>(expiry > t ? (expiry - t) / 1'000'000 : 0);
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, std::min(wait_ms, 100)) > 0) {
            std::byte buf[2048];
            const auto n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) (void)conn.receive({buf, static_cast<std::size_t>(n)}, endpoint_of(server), now_ns());
        } else if (conn.expiry() <= now_ns()) {
            (void)conn.on_expiry(now_ns());
        }
        while (auto e = conn.next_event()) {
            if (std::holds_alternative<quic::event::handshake_completed>(*e) && !sent_bad) {
                auto s = conn.open_uni_stream();
                // Stream type 0x00 (control), then a DATA frame (type 0x00, length 0) instead of SETTINGS.
                const std::byte bad[] = {std::byte{0x00}, std::byte{0x00}, std::byte{0x00}};
                if (s) (void)conn.write(*s, bad, false);
                sent_bad = true;
                std::printf("handshake done, malformed control stream sent\n");
            } else if (auto* cl = std::get_if<quic::event::closed>(&*e)) {
                std::printf("closed by server: code %#llx application %d reason '%s'\n",
                            static_cast<unsigned long long>(cl->code), cl->application ? 1 : 0, cl->reason.c_str());
                return sent_bad && cl->application && cl->code == 0x010a ? 0 : 1;
            }
        }
    }
    std::printf("no close from the server in time\n");
    return 1;
}
