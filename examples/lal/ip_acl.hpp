// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <lal/net/ip_prefix.hpp>

#include "config.hpp"
#include "hub_types.hpp"

namespace lal::server {

/// The IP access lists (config section ip_acl) and the HTTP API's blacklist
/// (add_ip_blacklist) as one admission check for every protocol. A publish or
/// play from an address is refused when, in this order:
///   1. the address is blacklisted and its time is not up;
///   2. it is in the action's deny list (publish_deny / play_deny);
///   3. the action's allow list is not empty and does not hold it.
/// So deny wins over allow: deny 127.0.0.1/32 with allow 127.0.0.0/8 refuses
/// 127.0.0.1 and admits 127.0.0.2; an empty allow list allows every address.
/// lal-Go checks its blacklist for HLS only; here it holds for all.
class ip_acl final : public lal::hub::admission_check {
public:
    /// Reads the lists (already checked by the config parser). `clock` gives monotonic ms.
    ip_acl(const config::ip_acl_section& cfg, lal::hub::clock_fn clock);

    /// Blacklists `block` for `seconds` from now (0 lifts it); a later call replaces the time.
    void blacklist(const lal::net::ip_prefix& block, std::uint32_t seconds);
    /// Why `address` may not do `action`; empty when it may.
    std::string verdict(admission_action action, const lal::net::ip_address& address);
    /// Applies verdict() to the request's remote address; text that is no address
    /// is refused when any list or blacklist entry exists (fail closed).
    void check(const admission_request& request, lal::hub::admission_reply reply) override;

private:
    struct blocked {
        lal::net::ip_prefix block;
        std::uint64_t until_ms;
    };
    lal::hub::clock_fn clock_;
    lal::net::ip_prefix_list allow_[2];  // by admission_action
    lal::net::ip_prefix_list deny_[2];
    std::mutex mutex_;                   // the blacklist changes from the API's threads
    std::vector<blocked> blacklist_;
};

}  // namespace lal::server
