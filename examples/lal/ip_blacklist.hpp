// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hub_types.hpp"

namespace lal::server {

/// Addresses refused for a while (the HTTP API's add_ip_blacklist): an
/// admission check that refuses every publish and play from a listed IP until
/// its time is up. lal-Go checks its list only for HLS; here it holds for
/// every protocol that goes through admission.
class ip_blacklist final : public lal::hub::admission_check {
public:
    /// `clock` gives monotonic ms.
    explicit ip_blacklist(lal::hub::clock_fn clock) : clock_(std::move(clock)) {}

    /// Refuses `ip` for `seconds` from now (0 lifts it); a later call replaces the time.
    void add(const std::string& ip, std::uint32_t seconds);
    /// True while `ip` is refused.
    bool blocked(std::string_view ip);
    /// Refuses when the request's remote address is listed.
    void check(const admission_request& request, lal::hub::admission_reply reply) override;

    /// The IP of "1.2.3.4:5678" or "[::1]:5678".
    static std::string_view host_of(std::string_view remote) noexcept;

private:
    lal::hub::clock_fn clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::uint64_t> until_ms_;
};

}  // namespace lal::server
