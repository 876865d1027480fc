// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include <functional>
#include <string>

#include "hub_types.hpp"
#include "relay_pull.hpp"
#include "service.hpp"

namespace lal::server {

class relay_push;
class relay_pull;

/// Relay push and origin pull, driven by the hub's stream events. The relay
/// state of a stream lives on the worker its key hashes to; events are posted
/// there, so no relay state is shared between threads. A stream published by a
/// publisher whose query carries lal_relay, or pulled from an origin, is not
/// pushed (one hop, no loops).
class relay_service final : public service, public lal::hub::observer {
public:
    /// Registers itself as the hub's observer (before serving).
    explicit relay_service(server_context& ctx);
    /// Unregisters and drops its hub handles; call after the loops stopped.
    ~relay_service() override;

    std::string_view name() const noexcept override { return "relay"; }
    /// Ends every push and pull (posted to each worker); see open_clients().
    /// Relay clients always end gracefully, so `abort` changes nothing.
    void stop(bool abort) override;
    /// Relay client connections still open on all workers.
    std::size_t open_clients() const noexcept override { return open_clients_.load(); }

    /// Starts a pull of `key` from `url` on the stream's worker (the HTTP API's
    /// start_relay_pull); `done(session_id, error)` runs there, once.
    void start_pull(stream_key key, std::string url, pull_policy policy,
                    std::function<void(std::string, std::string)> done);
    /// Ends the pulls of streams named `name` on every worker; `done(session_ids)`
    /// runs once, on the worker that finished last.
    void stop_pull(std::string name, std::function<void(std::vector<std::string>)> done);

    void on_publish_start(const stream_key& key, const publisher_sink& publisher, std::string_view query) override;
    void on_publish_stop(const stream_key& key) override;
    void on_subscribers_changed(const stream_key& key, std::size_t count, bool live) override;

private:
    struct worker_state;
    /// The worker that owns the relay state of `key`.
    std::size_t worker_of(const stream_key& key) const noexcept;

    server_context& ctx_;
    std::atomic<std::size_t> open_clients_{0};
    std::vector<std::unique_ptr<worker_state>> workers_;
};

}  // namespace lal::server
