// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>

#include "hub_types.hpp"
#include "service.hpp"
#include "tls_setup.hpp"

namespace lal::server {

/// Counters of the hooks, read from any thread (metrics).
struct hook_counters {
    std::atomic<std::uint64_t> requests{0};  ///< hooks asked
    std::atomic<std::uint64_t> allowed{0};   ///< answered 2xx (or failed with fail_open)
    std::atomic<std::uint64_t> refused{0};   ///< answered otherwise, or failed without fail_open
    std::atomic<std::uint64_t> failures{0};  ///< no answer: connection error or hooks.timeout_ms
    std::atomic<std::uint64_t> latency_ms_sum{0};  ///< time to the answer or failure, summed
};

/// Hooks that decide, as SRS and nginx-rtmp have them (lal-Go has none): before
/// a publish (hooks.on_publish) or a play (hooks.on_play) is accepted, the
/// server POSTs a JSON description of it and waits, through the hub's
/// asynchronous admission step, without blocking a worker. 2xx allows; another
/// status refuses; no answer within hooks.timeout_ms refuses too, unless
/// hooks.fail_open. The client gets its protocol's refusal
/// (NetStream.Publish.BadName, NetStream.Play.Failed, HTTP 403).
class hook_service final : public service, public lal::hub::admission_check {
public:
    /// Registers itself as an admission check (before serving).
    explicit hook_service(server_context& ctx);

    std::string_view name() const noexcept override { return "hooks"; }
    /// Nothing to bind; fails naming hooks.ca_file when it does not load.
    std::string listen() override { return tls_.error; }
    /// Nothing to end: a hook still out is answered or times out by itself.
    void stop(bool) override {}

    void check(const admission_request& request, lal::hub::admission_reply reply) override;

    /// Its counters.
    const hook_counters& counters() const noexcept { return counters_; }

private:
    server_context& ctx_;
    server_tls tls_;  // https:// hooks: verified with hooks.ca_file
    hook_counters counters_;
};

}  // namespace lal::server
