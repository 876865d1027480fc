// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <asio/post.hpp>

#include "log.hpp"
#include "server_context.hpp"

namespace lal::server {

/// Counters of one service, read from any thread.
struct service_stats {
    /// Connections accepted since the start.
    std::uint64_t connections_total = 0;
    /// Connections open now.
    std::uint64_t connections_open = 0;
};

/// One protocol or feature of the server (RTMP, HTTP-FLV, relay...). The
/// server builds the enabled ones in one place (services.cpp) and binds,
/// starts, stops and reports them all alike; adding a protocol means a new
/// service, its line in services.cpp and its config section.
class service {
public:
    virtual ~service() = default;
    /// Short name for logs ("rtmp", "httpflv", "relay").
    virtual std::string_view name() const noexcept = 0;
    /// Binds its configured listen addresses and logs them; returns an error
    /// text naming the address that failed, empty on success.
    virtual std::string listen() { return {}; }
    /// Starts serving (accepting connections).
    virtual void start() {}
    /// Stops accepting and ends every session, each on its own worker;
    /// `abort`: at once, without waiting for queued bytes or the peer's FIN.
    virtual void stop(bool abort) = 0;
    /// Outgoing clients still open that a shutdown waits for (those are not
    /// among the server's counted connections).
    virtual std::size_t open_clients() const noexcept { return 0; }
    /// Its counters.
    virtual service_stats stats() const noexcept {
        return {total_.load(std::memory_order_relaxed), open_.load(std::memory_order_relaxed)};
    }

protected:
    /// Counts a new connection against limits.max_connections and in stats();
    /// false when the limit is reached (then nothing is counted).
    bool admit_connection(server_context& ctx) noexcept {
        if (!ctx.admit_connection()) return false;
        total_.fetch_add(1, std::memory_order_relaxed);
        open_.fetch_add(1, std::memory_order_relaxed);
        return true;
    }
    /// Uncounts a connection admitted before.
    void release_connection(server_context& ctx) noexcept {
        open_.fetch_sub(1, std::memory_order_relaxed);
        ctx.release_connection();
    }

private:
    std::atomic<std::uint64_t> total_{0};
    std::atomic<std::uint64_t> open_{0};
};

/// Ends every session of `peers` (one set per worker, each touched only on its
/// worker's thread) on its own worker: `shutdown(abort)` on a copy of the set,
/// since a session leaves the set when it closes.
template <class PeerSets>
void shutdown_on_workers(server_context& ctx, PeerSets& peers, bool abort) {
    for (std::size_t w = 0; w < peers.size(); ++w) {
        asio::post(ctx.loops.context(w), [&peers, w, abort] {
            auto copy = peers[w];
            for (auto& p : copy) p->shutdown(abort);
        });
    }
}

/// Binds `acceptor` to `address` for the service labelled `label` ("RTMP")
/// and logs the bound endpoint; returns the error text, empty on success.
template <class Acceptor>
std::string listen_and_log(Acceptor& acceptor, std::string_view label, const std::string& address) {
    auto ep = acceptor.listen(address);
    if (!ep) return fmt::format("cannot listen for {} on {}: {}", label, address, ep.error().message());
    LAL_LOG_INFO("{} listening on {}", label, endpoint_text(*ep));
    return {};
}

}  // namespace lal::server
