// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <variant>
#include <vector>

#include <lal/rtmp/client_session.hpp>
#include <lal/rtmp/server_session.hpp>

namespace lal::rtmp::test {

/// Deterministic "random" bytes for handshakes.
inline std::vector<std::byte> pseudo_random(std::uint32_t seed, std::size_t n = 1536) {
    std::vector<std::byte> out(n);
    for (auto& b : out) {
        seed = seed * 1103515245u + 12345u;
        b = static_cast<std::byte>((seed >> 16) & 0xff);
    }
    return out;
}

/// Concatenates payloads (what one gathered write would send).
inline std::vector<std::byte> flatten(const std::vector<lal::payload>& buffers) {
    std::vector<std::byte> out;
    for (const auto& p : buffers) out.insert(out.end(), p.bytes().begin(), p.bytes().end());
    return out;
}

/// What the test server does with each event; the default accepts everything.
using server_policy = std::function<void(server_session&, const server_event&)>;

inline void accept_all(server_session& s, const server_event& ev) {
    if (std::holds_alternative<server_events::connect>(ev)) s.accept_connect();
    if (auto* p = std::get_if<server_events::publish>(&ev)) s.accept_publish(*p);
    if (auto* p = std::get_if<server_events::play>(&ev)) s.accept_play(*p);
}

/// Drains a server's events through `policy`, recording them.
inline void drain_server(server_session& server, std::vector<server_event>& seen, const server_policy& policy) {
    while (auto ev = server.next_event()) {
        policy(server, *ev);
        seen.push_back(std::move(*ev));
    }
}

/// Moves bytes both ways until neither side has anything to say.
inline void pump(client_session& client, server_session& server, std::vector<client_event>& client_seen,
                 std::vector<server_event>& server_seen, const server_policy& policy = accept_all) {
    for (int round = 0; round < 100; ++round) {
        auto up = flatten(client.take_output());
        auto down = std::vector<std::byte>{};
        if (!up.empty() && !server.wants_close()) {
            (void)server.feed(up);
        }
        drain_server(server, server_seen, policy);
        down = flatten(server.take_output());
        if (!down.empty() && !client.error()) (void)client.feed(down);
        while (auto ev = client.next_event()) client_seen.push_back(std::move(*ev));
        if (up.empty() && down.empty() && client.output_bytes_pending() == 0 &&
            server.output_bytes_pending() == 0) {
            return;
        }
    }
}

/// The events of type T among `events`.
template <class T, class Events>
std::vector<T> events_of(const Events& events) {
    std::vector<T> out;
    for (const auto& ev : events) {
        if (auto* p = std::get_if<T>(&ev)) out.push_back(*p);
    }
    return out;
}

}  // namespace lal::rtmp::test
