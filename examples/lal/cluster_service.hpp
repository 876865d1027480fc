// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <asio/steady_timer.hpp>

#include "cluster_protocol.hpp"
#include "hub_types.hpp"
#include "service.hpp"

namespace lal::server {

class redis_client;

/// This server's part in a cluster of origins and edges sharing a registry
/// (cluster section). As an origin it registers each stream published here
/// (refreshed every ttl_ms / 3 while it lives, released when it ends) and its
/// load; a publish of a stream another server owns is refused or takes it
/// over (cluster.on_conflict), and the server that lost it ends its publisher
/// at its next refresh. As an edge it looks streams up for the relay
/// pull. Registry calls run on the client's own thread; answers are posted
/// back to the asking worker, so no worker waits for the registry.
class cluster_service final : public service, public lal::hub::observer, public lal::hub::admission_check {
public:
    /// Registers itself as observer and admission check (before serving).
    explicit cluster_service(server_context& ctx);
    ~cluster_service() override;

    std::string_view name() const noexcept override { return "cluster"; }
    /// Starts the refresh timer.
    void start() override;
    /// Stops refreshing and releases this server's entries.
    void stop(bool abort) override;

    /// Looks `key` up for a pull on `worker`; `done(url, error)` runs there with
    /// the RTMP URL to pull from (the owner, or cluster.parent), or an error
    /// (not registered, owned here, registry down, too many hops).
    void lookup(const stream_key& key, std::size_t worker, std::function<void(std::string, std::string)> done);

    void on_publish_start(const stream_key& key, const publisher_sink& publisher, std::string_view query) override;
    void on_publish_stop(const stream_key& key) override;
    void check(const admission_request& request, lal::hub::admission_reply reply) override;

private:
    struct owned {
        stream_key key;
        bool lost = false;  // another server took it over: no longer refreshed
    };
    void refresh();
    void arm_timer();
    void report_load();
    /// Ends this server's publisher of `key` (another server took the stream over).
    void kick_publisher(const stream_key& key, std::string reason);

    server_context& ctx_;
    const cluster::stream_owner self_;
    const std::string record_;  // this server's owner record
    std::unique_ptr<redis_client> redis_;
    asio::steady_timer timer_;
    std::mutex mutex_;  // guards the two maps (observer calls come from any worker)
    std::unordered_map<std::string, owned> owned_;               // by registry key
    std::unordered_map<std::string, std::uint32_t> play_hops_;   // by registry key: hops of the latest play
    bool stopped_ = false;
};

}  // namespace lal::server
