// SPDX-License-Identifier: MIT
#pragma once

#include "service.hpp"
#include "simple_auth.hpp"

namespace lal::server {

/// Owns the simple_auth check and registers it with the hub (a service
/// without sockets, so it is built, ordered and destroyed like the others).
class simple_auth_service final : public service {
public:
    /// Registers the check (before serving).
    explicit simple_auth_service(server_context& ctx) : auth_(ctx.cfg.simple_auth) {
        ctx.streams.add_admission_check(auth_);
    }
    std::string_view name() const noexcept override { return "simple_auth"; }
    void stop(bool) override {}

private:
    simple_auth auth_;
};

}  // namespace lal::server
