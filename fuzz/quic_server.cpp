// SPDX-License-Identifier: MIT
// QUIC server side (RFC 9000) fed arbitrary datagrams. The input is a list of
// datagrams, each a 2-byte big-endian length and its bytes. Properties:
// - the router never crashes and classifies every datagram once (its
//   counters add up to the datagrams it saw);
// - at most max_connections connections exist, each bounded by its limits;
// - take_datagrams output stays within a UDP payload and the flush bound.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <map>
#include <memory>

#include <lal/quic/connection.hpp>
#include <lal/quic/router.hpp>

#include "fuzz_support.hpp"

namespace quic = lal::quic;

namespace {

// A throwaway self-signed P-256 certificate made for this target only.
constexpr const char* cert_pem = R"(
-----BEGIN CERTIFICATE-----
MIIBdjCCARugAwIBAgIUB2XYR3txF/k24nUN2hJM7QVKbyowCgYIKoZIzj0EAwIw
DzENMAsGA1UEAwwEZnV6ejAgFw0yNjEyMDcxNjUxMTNaGA8yMTI2MTExMzE2NTEx
M1owDzENMAsGA1UEAwwEZnV6ejBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJQ5
BSz9vMWM/nSyBfplQGCO/nkEDVgWMCSgEvIwSqlOT/vtMt8GNjjTHcLJHNMIfR8n
NxslqORpb/htzYM3CvWjUzBRMB0GA1UdDgQWBBRhEgGp93AYlIsIXfmgCeWFD7P/
ejAfBgNVHSMEGDAWgBRhEgGp93AYlIsIXfmgCeWFD7P/ejAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0kAMEYCIQChzPjmx1LzOT2tUMz6qlbZT009MHuN7JVk
IOyXOKwGvwIhAN9QQ3WpLB1RO+JJ5puJ/nTj1/q9XLL/AU66B4N63miP
-----END CERTIFICATE-----
)";
constexpr const char* key_pem = R"(
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgxSiNFDOaJDx2DbY5
0xT+GOZDlDsvpIUfvQCiZI0wMTihRANCAASUOQUs/bzFjP50sgX6ZUBgjv55BA1Y
FjAkoBLyMEqpTk/77TLfBjY40x3CyRzTCH0fJzcbJajkaW/4bc2DNwr1
-----END PRIVATE KEY-----
)";

quic::endpoint address(std::uint16_t port) {
    quic::endpoint e;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::memcpy(&e.storage, &a, sizeof a);
    e.size = sizeof a;
    return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto creds = *quic::credentials::load_pem(cert_pem, key_pem);
    quic::options opts;
    opts.limits.max_datagrams_queued = 8;
    opts.limits.max_packets_per_flush = 16;
    quic::router r({4, 16});
    std::map<std::uint64_t, std::unique_ptr<quic::connection>> conns;
    std::uint64_t next_handle = 1;
    quic::timestamp now = 1'000'000'000;
    const auto local = address(4433);
    const auto peer = address(50000);
    std::size_t seen = 0;

    auto settle = [&](std::uint64_t h, quic::connection& c) {
        for (auto& id : c.take_new_ids()) r.add(id, h);
        for (auto& id : c.take_retired_ids()) r.remove(id);
        while (c.next_event()) {
        }
        auto out = c.take_datagrams(now);
        if (out.size() > opts.limits.max_packets_per_flush + 1) LAL_FUZZ_CHECK(!"flush bound exceeded");
        for (auto& d : out) LAL_FUZZ_CHECK(!d.empty() && d.size() <= 1452);
    };

    for (std::size_t at = 0; at + 2 <= size && seen < 32;) {
        const std::size_t n = std::min<std::size_t>((std::size_t{data[at]} << 8) | data[at + 1], size - at - 2);
        auto d = lal::fuzz::bytes_of(data + at + 2, n);
        at += 2 + n;
        ++seen;
        now += 5'000'000;
        auto res = r.route(d);
        if (auto* e = std::get_if<quic::route::existing>(&res)) {
            auto it = conns.find(e->handle);
            LAL_FUZZ_CHECK(it != conns.end());
            (void)it->second->receive(d, peer, now);
            settle(it->first, *it->second);
        } else if (std::holds_alternative<quic::route::new_connection>(res)) {
            auto c = quic::connection::accept(creds, opts, d, local, peer, now);
            if (c.has_value()) {
                const auto h = next_handle++;
                settle(h, **c);
                conns.emplace(h, std::move(*c));
            }
        } else if (auto* v = std::get_if<quic::route::version_negotiation>(&res)) {
            LAL_FUZZ_CHECK(!v->packet.empty() && v->packet.size() <= 256);
        }
        for (auto it = conns.begin(); it != conns.end();) {
            if (it->second->expiry() <= now) (void)it->second->on_expiry(now);
            if (it->second->is_done()) {
                r.remove_all(it->first);
                it = conns.erase(it);
            } else {
                ++it;
            }
        }
        LAL_FUZZ_CHECK(r.connections() <= 4);
    }
    const auto& s = r.stats();
    LAL_FUZZ_CHECK(s.accepted + s.version_negotiations + s.dropped_garbage + s.dropped_unknown_id + s.dropped_full <=
                   seen);
    return 0;
}
