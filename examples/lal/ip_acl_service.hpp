// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

#include "ip_acl.hpp"
#include "server_context.hpp"
#include "service.hpp"

namespace lal::server {

/// Owns the ip_acl check, registers it with the hub and publishes it in the
/// context (ctx.acl) for the HTTP API's add_ip_blacklist; a service without
/// sockets, built, ordered and destroyed like the others.
class ip_acl_service final : public service {
public:
    /// Registers the check (before serving).
    explicit ip_acl_service(server_context& ctx)
        : ctx_(ctx), acl_(ctx.cfg.ip_acl, [] {
              return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::chrono::steady_clock::now().time_since_epoch())
                                                    .count());
          }) {
        ctx.streams.add_admission_check(acl_);
        ctx.acl = &acl_;
    }
    ~ip_acl_service() override { ctx_.acl = nullptr; }
    std::string_view name() const noexcept override { return "ip_acl"; }
    void stop(bool) override {}

private:
    server_context& ctx_;
    ip_acl acl_;
};

}  // namespace lal::server
